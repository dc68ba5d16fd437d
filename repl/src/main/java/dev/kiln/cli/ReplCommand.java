package dev.kiln.cli;

import dev.kiln.build.BuildFailedException;
import dev.kiln.cli.repl.Repl;
import dev.kiln.cli.repl.Workshop;
import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "repl", description = "Explores and drives a recipe interactively (also reads a script from a pipe).")
final class ReplCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "The recipe to load (default: none).")
  Path file;

  @Override
  public Integer call() throws IOException {
    Session session = new Session(options);
    session.plainProgress();
    Workshop workshop = new Workshop() {
      @Override
      public Store store() throws IOException {
        return session.store();
      }

      @Override
      public Plan plan(Recipe recipe, java.util.List<String> names) throws dev.kiln.model.RecipeException, IOException {
        return session.planNames(recipe, names);
      }

      @Override
      public Plan planPackages(Recipe recipe, java.util.List<dev.kiln.model.Package> packages)
          throws dev.kiln.model.RecipeException, IOException {
        return session.planPackages(recipe, packages);
      }

      @Override
      public java.util.List<String> hostChanges(Recipe recipe, dev.kiln.plan.PlannedPackage p)
          throws IOException, dev.kiln.model.RecipeException {
        return session.seedLocks(recipe, p.pkg()).map(locks -> locks.hostChanges(p.pkg())).orElse(java.util.List.of());
      }

      @Override
      public int build(Recipe recipe, Plan plan) throws IOException, InterruptedException, BuildFailedException {
        return session.build(recipe, plan);
      }
    };
    return Repl.run(EarlyRuby.take(), workshop, file);
  }
}
