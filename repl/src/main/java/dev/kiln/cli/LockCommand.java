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
      // Each import is locked beside the file that declares it: a script loading bootstrap.rb updates bootstrap.lock.
      java.util.Map<SeedLocks, List<dev.kiln.model.Package>> byLock = new java.util.LinkedHashMap<>();
      for (dev.kiln.model.Package pkg : recipe.packages()) {
        if (pkg.importsFromHost()) {
          SeedLocks locks = session.seedLocks(recipe, pkg).orElse(null);
          if (locks != null) {
            byLock.computeIfAbsent(locks, k -> new java.util.ArrayList<>()).add(pkg);
          }
        }
      }
      if (byLock.isEmpty()) {
        System.err.println("kiln: " + recipe.file() + " imports nothing from the host: nothing to lock");
      }
      for (var entry : byLock.entrySet()) {
        for (String line : entry.getKey().update(entry.getValue())) {
          System.err.println("kiln: " + entry.getKey().lockFile().getFileName() + ": " + line);
        }
      }
      return Main.OK;
    });
  }
}
