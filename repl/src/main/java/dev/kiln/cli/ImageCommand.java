package dev.kiln.cli;

import dev.kiln.model.ImageSpec;
import dev.kiln.model.Recipe;
import dev.kiln.store.StoreLock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "image", description = {
    "Builds the recipe's image NAME (its packages first) and prints where it is: NAME-image-HASH/image.tar,",
    "root/ or oci/ in the store. kiln run builds every image of a recipe too."})
final class ImageCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Parameters(index = "0", paramLabel = "NAME") String name;

  @Override
  @SuppressWarnings("try") // the gc lock is held for the scope, never read
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(recipeFile.file);
      ImageSpec image = ImageLaunch.named(recipe, name);
      try (StoreLock.Hold inUse = session.store().gcLock().shared()) {
        String entry = ImageLaunch.build(session, recipe, image);
        System.err.println("kiln: image " + name + " (" + image.format().word() + "): " + entry);
        System.out.println(ImageLaunch.output(session.store(), entry, image));
      }
      return Main.OK;
    });
  }
}
