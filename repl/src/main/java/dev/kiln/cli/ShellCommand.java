package dev.kiln.cli;

import dev.kiln.build.BuildFailedException;
import dev.kiln.build.Containers;
import dev.kiln.model.Container;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import dev.kiln.sandbox.LimitEnforcer;
import dev.kiln.sandbox.Sandbox;
import dev.kiln.store.StoreLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  @SuppressWarnings("try") // the gc lock is held for the scope, never read
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(recipeFile.file);
      List<String> command = new ArrayList<>(args);
      Container container = with.isEmpty() ? named(recipe, command) : adHoc(recipe);
      if (command.isEmpty()) {
        command.add("/bin/sh");
      }
      try (StoreLock.Hold inUse = session.store().gcLock().shared()) { // no gc under a running container
        return run(session, recipe, container, command);
      }
    });
  }

  /** Builds what the container needs and runs it; named containers look packages up in their stage, --with takes the last definition. */
  private int run(Session session, Recipe recipe, Container container, List<String> command)
      throws IOException, InterruptedException, RecipeException, BuildFailedException {
    Containers.ShellSpec spec = ContainerLaunch.prepare(session, recipe, container, !with.isEmpty(), workdir, command);
    Containers.Prepared prepared = Containers.shell(session.store(), spec);
    LimitEnforcer.Wrapping limits = LimitEnforcer.forLimits(prepared.limits(), container.name());
    // A terminal on both ends: an interactive shell, with job control. Else pipes or files.
    Sandbox.Attach attach = System.console() != null ? Sandbox.Attach.INTERACTIVE : Sandbox.Attach.PIPED;
    return Sandbox.runAttached(prepared.spec(), attach, limits, JLineSignals.INSTANCE).exitCode();
  }

  /** The recipe's container named by the first argument (which is then taken off the command). */
  private static Container named(Recipe recipe, List<String> command) throws RecipeException {
    if (command.isEmpty()) {
      throw new RecipeException(new SourceLocation(recipe.file().toString(), 0), "which container?",
          "kiln shell NAME, or kiln shell --with PKG,PKG; the recipe's containers: "
              + String.join(", ", recipe.containers().stream().map(Container::name).toList()));
    }
    return ContainerLaunch.named(recipe, command.remove(0));
  }

  /** A container of the packages given with --with, in the stage of the first one. */
  private Container adHoc(Recipe recipe) throws RecipeException {
    String first = with.get(0);
    String stage = recipe.find(first).map(p -> p.stage())
        .orElseThrow(() -> new RecipeException(new SourceLocation(recipe.file().toString(), 0),
            "no package named \"" + first + "\"", "the recipe defines: " + String.join(", ", recipe.packageNames())));
    return Container.of("with", stage, with);
  }
}
