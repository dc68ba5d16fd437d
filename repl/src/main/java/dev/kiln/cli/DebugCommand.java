package dev.kiln.cli;

import dev.kiln.build.FailedBuilds;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "debug", description = {
    "Reopens a package's last failed build: a shell in the same container, started where the build was,",
    "with the sources as the failing step left them and that step's command in the shell history.",
    "With -- CMD, runs CMD there instead; its exit status is kiln's."})
final class DebugCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Parameters(index = "0", paramLabel = "PACKAGE")
  String pkg;

  @Parameters(index = "1..*", paramLabel = "CMD", description = "A command to run instead of the shell (after --).")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      var recipe = session.recipe(recipeFile.file);
      Plan plan = session.plan(recipe, List.of(pkg));
      PlannedPackage p = plan.targets().get(0);
      List<String> argv = command.isEmpty() ? FailedBuilds.interactiveShell() : command;
      var spec = FailedBuilds.debugContainer(session.store(), plan, p, recipe.stage(p.pkg().stage()), argv, options.jobs());
      if (command.isEmpty()) {
        System.err.println("kiln: debugging " + p.pkg().displayName() + " in " + FailedBuilds.dirOf(session.store(), p.storeName())
            + " (exit leaves; the store is untouched)");
      }
      return Sandbox.runAttached(spec).exitCode();
    });
  }
}
