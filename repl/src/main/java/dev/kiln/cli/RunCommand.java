package dev.kiln.cli;

import dev.kiln.build.BuildFailedException;
import dev.kiln.build.RunReport;
import dev.kiln.env.GcRoots;
import dev.kiln.model.EnvSpec;
import dev.kiln.model.ImageSpec;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
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

@Command(name = "run", description = "Evaluates a recipe and builds what is missing: every package, or the ones named.")
final class RunCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Parameters(index = "0", paramLabel = "FILE", description = "The recipe (e.g. bootstrap.rb).")
  Path file;

  @Parameters(index = "1..*", paramLabel = "PACKAGE", description = "Packages to build (default: all).")
  List<String> packages = new ArrayList<>();

  @Option(names = "--timeline", paramLabel = "FILE",
      description = "Draw the run as a timeline, a bar per build on its slot, critical path marked (.html or .svg).")
  Path timeline;

  @Override
  public Integer call() throws InterruptedException {
    return buildAll(options, file, packages, timeline);
  }

  @SuppressWarnings("try") // the gc lock is held for the scope, never read
  static int buildAll(Options options, Path file, List<String> packages, Path timeline) throws InterruptedException {
    long start = System.nanoTime();
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(file);
      session.rememberRecipe(recipe.file());
      try (StoreLock.Hold inUse = session.store().gcLock().shared()) {
        return runHeld(session, recipe, packages, timeline, start);
      }
    });
  }

  /** Builds packages, then (when none are named) the recipe's envs and images, then runs what the script asked. */
  private static int runHeld(Session session, Recipe recipe, List<String> packages, Path timeline, long start)
      throws IOException, InterruptedException, RecipeException, BuildFailedException {
    Plan plan = session.plan(recipe, packages);
    RunReport report = session.execute(recipe, plan);
    if (timeline != null) {
      Timeline.write(report, timeline);
      System.err.println("kiln: timeline written to " + timeline);
    }
    int built = Session.outcome(report);
    double secs = (System.nanoTime() - start) / 1e9;
    if (built == 0) {
      System.err.printf("kiln: nothing to build: %d package%s up to date (%.2f s)%n",
          plan.buildOrder().size(), plan.buildOrder().size() == 1 ? "" : "s", secs);
    } else {
      System.err.printf("kiln: built %d package%s in %.1f s%n", built, built == 1 ? "" : "s", secs);
    }
    for (var target : plan.targets()) {
      System.out.println(session.store().entry(target.storeName()));
    }
    List<String> made = new ArrayList<>(plan.buildOrder().stream().map(PlannedPackage::storeName).toList());
    if (packages.isEmpty()) {
      for (EnvSpec env : recipe.envs()) {
        String entry = EnvLaunch.build(session, recipe, env);
        made.add(entry);
        System.err.println("kiln: env " + env.name() + ": " + entry);
        System.out.println(session.store().entry(entry));
      }
      for (ImageSpec image : recipe.images()) {
        String entry = ImageLaunch.build(session, recipe, image);
        made.add(entry);
        System.err.println("kiln: image " + image.name() + ": " + entry);
        System.out.println(ImageLaunch.output(session.store(), entry, image));
      }
    }
    GcRoots.recordLastRun(session.store().home(), made);
    int failedRuns = ContainerLaunch.runAll(session, recipe, System.out, System.err);
    return failedRuns == 0 ? Main.OK : Main.BUILD_FAILED;
  }
}
