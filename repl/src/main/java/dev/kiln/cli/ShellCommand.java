package dev.kiln.cli;

import dev.kiln.build.Containers;
import dev.kiln.model.Container;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.Mount;
import dev.kiln.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shell", description = {
    "Runs a shell or a command in a container: a recipe's named container, or one holding the packages",
    "given with --with (built first if missing). The command's exit status is kiln's."})
final class ShellCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Option(names = "--with", split = ",", paramLabel = "PKG", description = "Packages to put in the container.")
  List<String> with = new ArrayList<>();

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "A host directory to mount writable at /work and start in.")
  Path workdir;

  @Parameters(paramLabel = "[CONTAINER] [-- CMD…]", description = "A container of the recipe (without --with), then the command (default: /bin/sh).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(recipeFile.file);
      List<String> command = new ArrayList<>(args);
      Container container = with.isEmpty() ? named(recipe, command) : adHoc(recipe);
      if (command.isEmpty()) {
        command.add("/bin/sh");
      }
      // Named containers look their packages up in their stage; --with takes the last one defined.
      List<String> targets = !with.isEmpty() ? with
          : container.packages().stream().map(p -> container.stage() + "/" + p).toList();
      Plan plan = session.plan(recipe, targets);
      session.build(recipe, plan);
      List<Mount> binds = container.binds().stream().<Mount>map(b -> b.readOnly()
          ? new Mount.ReadOnly(Path.of(b.hostPath()), b.inside()) : new Mount.Writable(Path.of(b.hostPath()), b.inside())).toList();
      Containers.ShellSpec spec = new Containers.ShellSpec(plan.targets().stream().map(PlannedPackage::storeName).toList(),
          recipe.stage(container.stage()).importsHost(), container.network(), binds, container.env(), workdir, command);
      try (Containers.Prepared prepared = Containers.shell(session.store(), spec)) {
        return Sandbox.runAttached(prepared.spec()).exitCode();
      }
    });
  }

  /** The recipe's container named by the first argument (which is then taken off the command). */
  private static Container named(Recipe recipe, List<String> command) throws RecipeException {
    if (command.isEmpty()) {
      throw new RecipeException(new SourceLocation(recipe.file().toString(), 0), "which container?",
          "kiln shell NAME, or kiln shell --with PKG,PKG; the recipe's containers: "
              + String.join(", ", recipe.containers().stream().map(Container::name).toList()));
    }
    String name = command.remove(0);
    return recipe.container(name).orElseThrow(() -> new RecipeException(new SourceLocation(recipe.file().toString(), 0),
        "no container named \"" + name + "\"", recipe.containers().isEmpty() ? "the recipe declares no containers"
            : "the recipe's containers: " + String.join(", ", recipe.containers().stream().map(Container::name).toList())));
  }

  /** A container of the packages given with --with, in the stage of the first one. */
  private Container adHoc(Recipe recipe) throws RecipeException {
    String first = with.get(0);
    String stage = recipe.find(first).map(p -> p.stage())
        .orElseThrow(() -> new RecipeException(new SourceLocation(recipe.file().toString(), 0),
            "no package named \"" + first + "\"", "the recipe defines: " + String.join(", ", recipe.packageNames())));
    return new Container("with", stage, with, false, List.of(), new java.util.TreeMap<>(Map.of()), SourceLocation.UNKNOWN);
  }
}
