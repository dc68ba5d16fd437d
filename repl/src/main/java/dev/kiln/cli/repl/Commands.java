package dev.kiln.cli.repl;

import dev.kiln.build.BuildFailedException;
import dev.kiln.build.Containers;
import dev.kiln.cli.repl.ReplCommandTable.Argument;
import dev.kiln.dsl.RecipeSession;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.Sandbox;
import dev.kiln.store.Problems;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The REPL's {@code :commands}, also called from Ruby as methods ({@code build "hello"}). */
final class Commands {
  private final RecipeSession session;
  private final Workshop workshop;
  private final Printer print;
  private final PackageViews views;
  private final BuildRunner builds;
  private final ReplCommandTable table;
  private boolean quit;

  Commands(RecipeSession session, Workshop workshop, Printer print) {
    this.session = session;
    this.workshop = workshop;
    this.print = print;
    this.views = new PackageViews(session::recipe, workshop, print);
    this.builds = new BuildRunner(workshop);
    this.table = new ReplCommandTable()
        .add("load", "FILE", "evaluate a recipe file and work in it", Argument.FILE, (a, in) -> load(Path.of(one(a, "FILE"))))
        .add("reload", "", "evaluate the recipe file again; say which package hashes changed", Argument.NONE, (a, in) -> reload())
        .add("plan", "[PKG...]", "what would build (all packages when none is named), and why", Argument.PACKAGES, (a, in) -> views.plan(a))
        .add("build", "PKG...", "build packages and what they need (Ctrl-C cancels)", Argument.PACKAGES, this::build)
        .add("show", "PKG", "hash, inputs, sources, env, store path and build script", Argument.PACKAGES, (a, in) -> views.show(one(a, "PKG")))
        .add("why", "PKG", "why a package must build: what changed since its last build", Argument.PACKAGES, (a, in) -> views.why(one(a, "PKG")))
        .add("deps", "PKG", "the package's inputs, as a tree", Argument.PACKAGES, (a, in) -> views.deps(one(a, "PKG")))
        .add("rdeps", "PKG", "the packages that need this one", Argument.PACKAGES, (a, in) -> views.rdeps(one(a, "PKG")))
        .add("shell", "PKG[,PKG...]", "a shell in a container holding those packages (built first); exit returns here",
            Argument.PACKAGES, this::shell)
        .add("log", "PKG", "the end of the package's build log", Argument.PACKAGES, (a, in) -> views.log(one(a, "PKG")))
        .add("debug", "PKG", "a shell in the package's last failed build, where the failing step left it", Argument.PACKAGES,
            this::debug)
        .add("keys", "emacs|vi", "switch the line editor's key bindings", Argument.KEY_MAPS, this::keys)
        .add("help", "", "this list; any other entry is Ruby, evaluated in the recipe", Argument.NONE, (a, in) -> help())
        .add("quit", "", "leave (so does Ctrl-D)", Argument.NONE, (a, in) -> quit = true);
  }

  ReplCommandTable table() {
    return table;
  }

  boolean quitting() {
    return quit;
  }

  /** Runs {@code :name args} as typed. */
  void runTyped(String entry, Input input) {
    String[] words = entry.strip().substring(1).split("\\s+");
    List<String> args = Arrays.stream(words).skip(1).flatMap(w -> Arrays.stream(w.split(","))).filter(w -> !w.isEmpty()).toList();
    run(words[0], args, input);
  }

  /** Runs a command; every failure is printed, and the session goes on. */
  void run(String name, List<String> args, Input input) {
    var command = table.find(name);
    if (command.isEmpty()) {
      print.error("no command :" + name + " (:help lists them)");
      return;
    }
    try {
      if (!name.equals("load") && !name.equals("reload")) {
        session.refreshed(); // a command called from Ruby may name a package the same entry defined
      }
      command.get().action().run(args, input);
    } catch (RecipeException e) {
      print.error(e);
    } catch (BuildFailedException e) {
      print.buildFailure(e);
    } catch (BuildCancelledException e) {
      print.error(e.getMessage());
    } catch (IOException e) {
      print.error(Problems.describe(e));
    } catch (IllegalArgumentException e) {
      print.error(e.getMessage() + " (:help " + name + ")");
    }
  }

  /**
   * {@code container("x").run(...)} typed at the prompt: builds what the container needs and runs
   * the command at once. A failure to get that far is printed and comes back as status -1.
   */
  dev.kiln.dsl.ContainerRunner.Result runIn(String name, List<String> command, Input input) {
    try {
      dev.kiln.model.Container container = session.refreshed().container(name).orElseThrow(
          () -> new IllegalArgumentException("no container named \"" + name + "\""));
      Plan plan = workshop.plan(session.recipe(), container.packages().stream()
          .map(p -> p.contains("/") ? p : container.stage() + "/" + p).toList());
      builds.build(session.recipe(), plan, input);
      Containers.ShellSpec spec = new Containers.ShellSpec(plan.targets().stream().map(PlannedPackage::storeName).toList(),
          session.recipe().stage(container.stage()).importsHost(), container, null, command);
      Sandbox.Captured done = Containers.run(workshop.store(), spec);
      return new dev.kiln.dsl.ContainerRunner.Result(done.result().exitCode(), done.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted");
    } catch (RecipeException e) {
      print.error(e);
      return failed(e.problem());
    } catch (BuildFailedException e) {
      print.buildFailure(e);
      return failed(e.getMessage());
    } catch (BuildCancelledException | IOException | IllegalArgumentException e) {
      print.error(Problems.describe(e));
      return failed(Problems.describe(e));
    }
  }

  private static dev.kiln.dsl.ContainerRunner.Result failed(String why) {
    return new dev.kiln.dsl.ContainerRunner.Result(-1, why + "\n");
  }

  void load(Path file) throws RecipeException {
    Recipe recipe = session.load(file);
    int n = recipe.packageNames().size();
    print.line("loaded " + file + ": " + n + " package" + (n == 1 ? "" : "s"));
  }

  private void reload() throws RecipeException, IOException {
    Path file = session.file().orElseThrow(() -> new IllegalArgumentException("no recipe loaded yet; :load FILE"));
    Map<String, String> before = hashes(session.recipe());
    session.load(file);
    Map<String, String> after = hashes(session.recipe());
    int changed = 0;
    for (Map.Entry<String, String> e : after.entrySet()) {
      String old = before.get(e.getKey());
      if (!e.getValue().equals(old)) {
        print.line("  " + e.getKey() + ": " + (old == null ? "new, " + e.getValue() : old + " -> " + e.getValue()));
        changed++;
      }
    }
    for (String gone : before.keySet()) {
      if (!after.containsKey(gone)) {
        print.line("  " + gone + ": gone");
        changed++;
      }
    }
    print.line("reloaded " + file.getFileName() + ": " + (changed == 0 ? "no package hash changed" : changed + " changed"));
  }

  /** Each package's short hash by display name; packages that cannot be planned show why not. */
  private Map<String, String> hashes(Recipe recipe) throws IOException {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (Package pkg : recipe.packages()) {
      String hash;
      try {
        hash = workshop.planPackages(recipe, List.of(pkg)).targets().get(0).shortHash();
      } catch (RecipeException e) {
        hash = "(" + e.problem() + ")";
      }
      hashes.put(pkg.displayName(), hash);
    }
    return hashes;
  }

  private void build(List<String> names, Input input) throws IOException, RecipeException, BuildFailedException, BuildCancelledException {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("name the packages to build");
    }
    buildPlan(workshop.plan(session.recipe(), names), input);
  }

  /** Builds packages a prompt entry asked for with {@code .build} (variants included). */
  void buildRequested(List<Package> packages, Input input) {
    try {
      buildPlan(workshop.planPackages(session.recipe(), packages), input);
    } catch (RecipeException e) {
      print.error(e);
    } catch (BuildFailedException e) {
      print.buildFailure(e);
    } catch (BuildCancelledException | IOException e) {
      print.error(Problems.describe(e));
    }
  }

  private void buildPlan(Plan plan, Input input) throws IOException, BuildFailedException, BuildCancelledException {
    long start = System.nanoTime();
    int built = builds.build(session.recipe(), plan, input);
    if (built > 0) {
      print.line(String.format("built %d package%s in %.1f s", built, built == 1 ? "" : "s", (System.nanoTime() - start) / 1e9));
    }
    for (PlannedPackage target : plan.targets()) {
      print.value(views.summary(target));
    }
  }

  /** Reopens a failed build's container (kiln debug): its sources as the failing step left them. */
  @SuppressWarnings("try") // Ctrl-C belongs to the shell for the scope, never read
  private void debug(List<String> names, Input input) throws IOException, RecipeException, BuildCancelledException {
    Plan plan = workshop.plan(session.recipe(), List.of(one(names, "PKG")));
    PlannedPackage pkg = plan.targets().get(0);
    dev.kiln.sandbox.SandboxSpec spec = dev.kiln.build.FailedBuilds.debugContainer(workshop.store(), plan, pkg,
        session.recipe().stage(pkg.pkg().stage()), dev.kiln.build.FailedBuilds.interactiveShell(), 1);
    print.line("entering " + pkg.pkg().displayName() + "'s failed build; exit to come back");
    try (Input.Registration ignore = input.onInterrupt(() -> { })) {
      print.line("back in kiln (the shell exited with " + Sandbox.runAttached(spec).exitCode() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildCancelledException("debug");
    }
  }

  /** Hands the terminal to a shell in a container; it comes back when the shell exits. */
  @SuppressWarnings("try") // the no-op Ctrl-C handler is in force for the scope, never read
  private void shell(List<String> names, Input input) throws IOException, RecipeException, BuildFailedException, BuildCancelledException {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("name the packages to put in the container");
    }
    // One name may be a container of the recipe; otherwise the names are packages (withpkgs).
    java.util.Optional<dev.kiln.model.Container> container =
        names.size() == 1 ? session.recipe().container(names.get(0)) : java.util.Optional.empty();
    List<String> targets = container.map(c -> c.packages().stream().map(p -> c.stage() + "/" + p).toList()).orElse(names);
    Plan plan = workshop.plan(session.recipe(), targets);
    builds.build(session.recipe(), plan, input);
    boolean host = session.recipe().stage(plan.targets().get(0).pkg().stage()).importsHost();
    // No job control (+m): the shell would hand the terminal to its own process group and, in its
    // own pid namespace, fail to hand it back, leaving kiln unable to read the terminal.
    dev.kiln.model.Container settings = container.orElse(
        dev.kiln.model.Container.of("with", plan.targets().get(0).pkg().stage(), names));
    Containers.ShellSpec shell = new Containers.ShellSpec(
        plan.targets().stream().map(PlannedPackage::storeName).toList(), host, settings, null, List.of("/bin/sh", "+m"));
    print.line("entering a container with " + String.join(", ", names) + "; exit to come back");
    // Ctrl-C belongs to the shell now; kiln must not take it for itself.
    try (Input.Registration ignore = input.onInterrupt(() -> { })) {
      int exit = Sandbox.runAttached(Containers.shell(workshop.store(), shell).spec()).exitCode();
      print.line("back in kiln (the shell exited with " + exit + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildCancelledException("shell");
    }
  }

  private void keys(List<String> args, Input input) {
    String map = one(args, "emacs|vi");
    if (!map.equals("emacs") && !map.equals("vi")) {
      throw new IllegalArgumentException("key bindings are emacs or vi, not " + map);
    }
    print.line(input.useKeys(map) ? "key bindings: " + map : "no line editor here (input is not a terminal)");
  }

  private void help() {
    for (ReplCommandTable.Command c : table.all()) {
      print.line(String.format("  :%-28s %s", c.name() + (c.usage().isEmpty() ? "" : " " + c.usage()), c.help()));
    }
    print.line("  Anything else is Ruby, evaluated in the recipe: pkg(\"hello\").deps, package \"x\", \"1\" do ... end,");
    print.line("  and every command is a method too: build \"hello\". Tab completes; commands take unique prefixes (:b).");
  }

  private static String one(List<String> args, String what) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("give one " + what);
    }
    return args.get(0);
  }
}
