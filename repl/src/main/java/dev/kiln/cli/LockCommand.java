package dev.kiln.cli;

import dev.kiln.host.SeedLocks;
import dev.kiln.model.Recipe;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "lock", description = "Locks the host files the recipe's host_tools import as the host has them now "
    + "(FILE.lock beside FILE): later runs hash and build the seed from the lock, not the host.")
final class LockCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "The recipe (default: the one last run, else ./bootstrap.rb).")
  Path file;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(file);
      List<dev.kiln.model.Package> imports = recipe.packages().stream()
          .filter(dev.kiln.model.Package::importsFromHost).toList();
      SeedLocks locks = session.seedLocks(recipe).orElse(null);
      if (imports.isEmpty() || locks == null) {
        System.err.println("kiln: " + recipe.file() + " imports nothing from the host: nothing to lock");
        return Main.OK;
      }
      for (String line : locks.update(imports)) {
        System.err.println("kiln: " + locks.lockFile().getFileName() + ": " + line);
      }
      return Main.OK;
    });
  }
}
