package dev.kiln.cli;

import dev.kiln.build.BuildFailedException;
import dev.kiln.build.Containers;
import dev.kiln.model.Container;
import dev.kiln.model.ContainerRun;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Turns a recipe's container into one ready to run: its packages planned and built, its settings applied. */
final class ContainerLaunch {
  private ContainerLaunch() {}

  /** The recipe's container of this name, or an error listing the ones it has. */
  static Container named(Recipe recipe, String name) throws RecipeException {
    return recipe.container(name).orElseThrow(() -> new RecipeException(new SourceLocation(recipe.file().toString(), 0),
        "no container named \"" + name + "\"", recipe.containers().isEmpty() ? "the recipe declares no containers"
            : "the recipe's containers: " + String.join(", ", recipe.containers().stream().map(Container::name).toList())));
  }

  /** Builds what the container needs and describes it; named containers look packages up in their stage. */
  static Containers.ShellSpec prepare(Session session, Recipe recipe, Container container, boolean adHoc, Path workdir,
      List<String> command) throws IOException, InterruptedException, RecipeException, BuildFailedException {
    List<String> targets = adHoc ? container.packages()
        : container.packages().stream().map(p -> inStage(container.stage(), p)).toList();
    Plan plan = session.plan(recipe, targets);
    session.build(recipe, plan);
    return new Containers.ShellSpec(plan.targets().stream().map(PlannedPackage::storeName).toList(),
        recipe.stage(container.stage()).importsHost(), container, workdir, command);
  }

  /** A package name looked up in {@code stage}, unless it names its stage itself ({@code cross/busybox}). */
  static String inStage(String stage, String name) {
    return name.contains("/") ? name : stage + "/" + name;
  }

  /**
   * Runs what a script asked with {@code container("x").run(...)}, in order: each run's output on
   * {@code out}, its command and status on {@code err}. Returns how many exited non-zero.
   */
  static int runAll(Session session, Recipe recipe, PrintStream out, PrintStream err)
      throws IOException, InterruptedException, RecipeException, BuildFailedException {
    int failed = 0;
    for (ContainerRun run : recipe.runs()) {
      Container container = named(recipe, run.container());
      Containers.ShellSpec spec = prepare(session, recipe, container, false, null, run.command());
      Sandbox.Captured done = Containers.run(session.store(), spec);
      out.print(done.output());
      out.flush();
      int status = done.result().exitCode();
      err.printf("kiln: %s: %s in container %s: exit %d%n", run.at(), String.join(" ", run.command()), container.name(), status);
      if (status != 0) {
        failed++;
      }
    }
    return failed;
  }
}
