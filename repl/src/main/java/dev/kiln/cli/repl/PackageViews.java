package dev.kiln.cli.repl;

import dev.kiln.build.BuildRecords;
import dev.kiln.host.HostManifest;
import dev.kiln.host.HostSeal;
import dev.kiln.model.Package;
import dev.kiln.model.Patch;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.Source;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The REPL's read-only looks at packages: summaries, plan, show, why, deps, rdeps and log. */
final class PackageViews {
  private static final int LOG_LINES = 40;
  private final Supplier<Recipe> recipe;
  private final Workshop workshop;
  private final Printer print;

  PackageViews(Supplier<Recipe> recipe, Workshop workshop, Printer print) {
    this.recipe = recipe;
    this.workshop = workshop;
    this.print = print;
  }

  /** {@code hello 1.0 (stage default, cb2fb50e, built)}. */
  String summary(PlannedPackage p) throws IOException {
    boolean built = workshop.store().contains(p.storeName());
    return p.pkg().displayName() + " (stage " + p.pkg().stage() + ", " + p.shortHash() + ", " + (built ? "built" : "not built") + ")";
  }

  /** Prints packages a prompt entry returned, each planned against the recipe as it stands. */
  void values(List<Package> packages) throws IOException {
    for (Package pkg : packages) {
      try {
        print.value(summary(workshop.planPackages(recipe.get(), List.of(pkg)).targets().get(0)));
      } catch (RecipeException e) {
        print.value(pkg.displayName() + " (stage " + pkg.stage() + ", cannot be planned: " + e.problem() + ")");
      }
    }
  }

  private static String brief(List<String> reasons) {
    return reasons.get(0) + (reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " more)" : "");
  }

  /** The plan: what is built, what would build, and why. */
  void plan(List<String> names) throws IOException, RecipeException {
    Plan plan = workshop.plan(recipe.get(), names);
    int missing = 0;
    for (PlannedPackage p : plan.buildOrder()) {
      boolean built = workshop.store().contains(p.storeName());
      missing += built ? 0 : 1;
      print.line(String.format("%-6s %-28s %s%s", built ? "built" : "build", p.pkg().displayName(), p.shortHash(),
          built ? "" : "  " + brief(reason(plan, p))));
    }
    print.line(missing == 0 ? "nothing to build" : missing + " to build (:why PKG says what changed)");
  }

  void show(String name) throws IOException, RecipeException {
    Plan plan = workshop.plan(recipe.get(), List.of(name));
    PlannedPackage p = plan.targets().get(0);
    Package pkg = p.pkg();
    Store store = workshop.store();
    print.line(summary(p));
    print.line("  declared at  " + pkg.declaredAt());
    print.line("  hash         " + p.hash());
    print.line("  store path   " + store.entry(p.storeName()));
    for (Source s : pkg.sources()) {
      print.line("  source       " + s.fileName() + "  sha256 " + s.sha256() + "  from " + s.location());
    }
    for (Patch patch : pkg.patches()) {
      print.line("  patch        " + patch.source().fileName() + " -p" + patch.strip() + "  sha256 " + patch.sha256());
    }
    for (PlannedPackage in : plan.inputsOf(p)) {
      print.line("  input        " + summary(in));
    }
    pkg.env().forEach((key, value) -> print.line("  env          " + key + "=" + value));
    print.line("  log          " + store.logFile(p.storeName()));
    print.line("  script:");
    pkg.script().lines().forEach(line -> print.line("    " + line));
  }

  /**
   * Why a package must build: never built, or what changed since the last build of that name. For a
   * seed, also the host files that differ from its lock, which a rebuild would need the lock updated for.
   */
  void why(String name) throws IOException, RecipeException {
    Plan plan = workshop.plan(recipe.get(), List.of(name));
    PlannedPackage p = plan.targets().get(0);
    List<String> hostChanges = p.host().isPresent() ? workshop.hostChanges(recipe.get(), p) : List.of();
    if (workshop.store().contains(p.storeName())) {
      print.line(summary(p) + ": up to date, nothing to rebuild");
    } else {
      print.line(summary(p) + " must build:");
      reason(plan, p).forEach(line -> print.line("  " + line));
    }
    if (!hostChanges.isEmpty()) {
      HostSeal seal = p.host().get();
      print.line("  the host has changed since " + seal.source() + " (`" + seal.update() + "` takes it, and gives "
          + p.name() + " a new hash):");
      hostChanges.forEach(change -> print.line("    host file " + change));
    }
  }

  /** What changed since the last recorded build of the package's name, one line each. */
  private List<String> reason(Plan plan, PlannedPackage p) throws IOException {
    Optional<BuildRecords.Changes> last =
        BuildRecords.sinceLastBuild(workshop.store(), plan, p, recipe.get().stage(p.pkg().stage()));
    if (last.isEmpty()) {
      return List.of("never built before");
    }
    String since = "since " + shortName(last.get().since()) + ": ";
    List<String> changes = last.get().lines();
    if (changes.isEmpty()) {
      return List.of(since + "the hash is taken differently (a newer kiln)");
    }
    List<String> lines = new ArrayList<>();
    for (String change : changes) {
      if (change.startsWith("host-files ") && p.host().isPresent()) {
        hostFileChanges(last.get().since(), p.host().get()).forEach(line -> lines.add(since + line));
      } else {
        lines.add(since + change + (change.startsWith("input ") ? "  (:why " + change.split(" ")[1] + ")" : ""));
      }
    }
    return lines;
  }

  /** The host files that differ between an earlier build of a seed (as recorded) and the seed planned now. */
  private List<String> hostFileChanges(String earlier, HostSeal now) throws IOException {
    Optional<HostManifest> before = BuildRecords.hostFiles(workshop.store(), earlier);
    if (before.isEmpty()) {
      return List.of("the host files changed (the kiln that built it recorded no list of them)");
    }
    List<String> files = now.manifest().changesSince(before.get());
    return files.stream().map(file -> "host file " + file + " (" + now.source() + ")").toList();
  }

  private static String shortName(String storeName) {
    return storeName.substring(0, storeName.length() - PlannedPackage.STORE_HASH_DIGITS + 8);
  }

  /** The package's inputs, as a tree. */
  void deps(String name) throws IOException, RecipeException {
    Plan plan = workshop.plan(recipe.get(), List.of(name));
    PlannedPackage top = plan.targets().get(0);
    print.line(summary(top));
    tree(plan, top, "", new HashSet<>());
  }

  private void tree(Plan plan, PlannedPackage pkg, String indent, Set<String> shown) throws IOException {
    List<PlannedPackage> inputs = plan.inputsOf(pkg);
    for (int i = 0; i < inputs.size(); i++) {
      PlannedPackage in = inputs.get(i);
      boolean last = i == inputs.size() - 1;
      boolean seen = !shown.add(in.storeName());
      print.line(indent + (last ? "`-- " : "|-- ") + summary(in) + (seen && !plan.inputsOf(in).isEmpty() ? " ..." : ""));
      if (!seen) {
        tree(plan, in, indent + (last ? "    " : "|   "), shown);
      }
    }
  }

  /** The packages of the recipe that need this one, directly or through others. */
  void rdeps(String name) throws IOException, RecipeException {
    Plan all = workshop.plan(recipe.get(), List.of());
    PlannedPackage target = workshop.plan(recipe.get(), List.of(name)).targets().get(0);
    int found = 0;
    for (PlannedPackage p : all.buildOrder()) {
      if (all.closureOf(p).stream().anyMatch(c -> c.storeName().equals(target.storeName()))) {
        boolean direct = p.inputs().contains(target.storeName());
        print.line(summary(p) + (direct ? "" : "  (through others)"));
        found++;
      }
    }
    if (found == 0) {
      print.line("no package of the recipe needs " + target.pkg().displayName());
    }
  }

  /** The end of the build log of the package as it stands. */
  void log(String name) throws IOException, RecipeException {
    PlannedPackage p = workshop.plan(recipe.get(), List.of(name)).targets().get(0);
    Path log = workshop.store().logFile(p.storeName());
    if (!Files.isRegularFile(log)) {
      print.line("no log for " + summary(p) + ": it has not been built with these inputs");
      return;
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).forEach(print::line);
    print.line("(" + log + ", " + lines.size() + " lines)");
  }
}
