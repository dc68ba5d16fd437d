package dev.kiln.cli;

import dev.kiln.build.BuildFailedException;
import dev.kiln.image.Images;
import dev.kiln.model.ImageSpec;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Path;

/** Builds a recipe's image: its packages first, then the image entry. */
final class ImageLaunch {
  private ImageLaunch() {}

  static ImageSpec named(Recipe recipe, String name) throws RecipeException {
    return recipe.image(name).orElseThrow(() -> new RecipeException(new SourceLocation(recipe.file().toString(), 0),
        "no image named \"" + name + "\"", recipe.images().isEmpty() ? "declare one: image \"rootfs\", packages: %w[a], format: :tar"
            : "the recipe's images: " + String.join(", ", recipe.images().stream().map(ImageSpec::name).toList())));
  }

  /** Returns the image's store name; call with the store's gc lock held. */
  static String build(Session session, Recipe recipe, ImageSpec image)
      throws IOException, InterruptedException, RecipeException, BuildFailedException {
    Plan plan = session.plan(recipe, image.packages().stream().map(p -> ContainerLaunch.inStage(image.stage(), p)).toList());
    session.build(recipe, plan);
    return Images.build(session.store(), image.name(), plan.targets().stream().map(PlannedPackage::storeName).toList(),
        image.format(), image.command());
  }

  static Path output(Store store, String entry, ImageSpec image) {
    return Images.output(store, entry, image.format());
  }
}
