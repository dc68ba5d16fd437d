package dev.kiln.cli;

import dev.kiln.build.BuildFailedException;
import dev.kiln.env.Environments;
import dev.kiln.model.EnvSpec;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds a recipe's environment: its packages first, then the forest. */
final class EnvLaunch {
  private EnvLaunch() {}

  static EnvSpec named(Recipe recipe, String name) throws RecipeException {
    return recipe.env(name).orElseThrow(() -> new RecipeException(new SourceLocation(recipe.file().toString(), 0),
        "no env named \"" + name + "\"", recipe.envs().isEmpty() ? "declare one: env \"base\", packages: %w[a b]"
            : "the recipe's envs: " + String.join(", ", recipe.envs().stream().map(EnvSpec::name).toList())));
  }

  /** Returns the environment's store name; call with the store's gc lock held. */
  static String build(Session session, Recipe recipe, EnvSpec env)
      throws IOException, InterruptedException, RecipeException, BuildFailedException {
    Plan plan = session.plan(recipe, env.packages().stream().map(p -> ContainerLaunch.inStage(env.stage(), p)).toList());
    session.build(recipe, plan);
    List<PlannedPackage> targets = plan.targets();
    Set<String> winners = new HashSet<>();
    targets.stream().filter(t -> env.wins().contains(t.pkg().name())).forEach(t -> winners.add(t.storeName()));
    return Environments.build(session.store(), env.name(), targets.stream().map(PlannedPackage::storeName).toList(),
        winners, env.declaredAt());
  }
}
