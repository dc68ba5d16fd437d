package dev.kiln.cli.repl;

import dev.kiln.build.BuildFailedException;
import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.store.Store;
import java.io.IOException;

/** What the REPL needs of kiln's command machinery: the store, and builds that print progress. */
public interface Workshop {
  Store store() throws IOException;

  /** Builds what the plan lacks; returns how many packages were built. */
  int build(Recipe recipe, Plan plan) throws IOException, InterruptedException, BuildFailedException;
}
