package dev.kiln.cli.repl;

import dev.kiln.build.BuildFailedException;
import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.store.Store;
import java.io.IOException;

/** What the REPL needs of kiln's command machinery: the store, and builds that print progress. */
public interface Workshop {
  Store store() throws IOException;

  /** Plans the named packages (all when none), fingerprinting host imports the way kiln run does. */
  Plan plan(Recipe recipe, java.util.List<String> names) throws dev.kiln.model.RecipeException, IOException;

  /** Plans packages that need not be part of the recipe. */
  Plan planPackages(Recipe recipe, java.util.List<dev.kiln.model.Package> packages)
      throws dev.kiln.model.RecipeException, IOException;

  /**
   * For a host import planned from a lock file: the host files that differ between the lock and the
   * host now ({@code /usr/bin/gcc-12 changed}), one a line; empty when they agree.
   */
  default java.util.List<String> hostChanges(Recipe recipe, dev.kiln.plan.PlannedPackage p)
      throws IOException, dev.kiln.model.RecipeException {
    return java.util.List.of();
  }

  /** Builds what the plan lacks; returns how many packages were built. */
  int build(Recipe recipe, Plan plan) throws IOException, InterruptedException, BuildFailedException;
}
