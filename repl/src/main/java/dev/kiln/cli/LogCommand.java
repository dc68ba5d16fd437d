package dev.kiln.cli;

import dev.kiln.plan.PlannedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "log", description = "Prints the build log of a package (its current hash's build, finished, failed or running).")
final class LogCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Parameters(index = "0", paramLabel = "PACKAGE")
  String pkg;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      PlannedPackage p = session.plan(session.recipe(recipeFile.file), List.of(pkg)).targets().get(0);
      Path log = session.store().logFile(p.storeName());
      if (!Files.isRegularFile(log)) {
        System.err.println("kiln: " + p.pkg().displayName() + " (" + p.shortHash() + ") has no log: it never built here"
            + " (kiln plan says what would build)");
        return Main.BUILD_FAILED;
      }
      try (var in = Files.newInputStream(log)) {
        in.transferTo(System.out);
      }
      System.out.flush();
      return Main.OK;
    });
  }
}
