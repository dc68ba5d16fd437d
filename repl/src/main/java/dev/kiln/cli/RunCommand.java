package dev.kiln.cli;

import dev.kiln.build.RunReport;
import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
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

  static int buildAll(Options options, Path file, List<String> packages, Path timeline) throws InterruptedException {
    long start = System.nanoTime();
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(file);
      session.rememberRecipe(recipe.file());
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
      return Main.OK;
    });
  }
}
