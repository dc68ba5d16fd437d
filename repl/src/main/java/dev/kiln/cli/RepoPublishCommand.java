package dev.kiln.cli;

import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.repo.IndexEntry;
import dev.kiln.repo.Publisher;
import dev.kiln.repo.SigningKey;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "publish", description = "Packs built packages into a repo directory and updates its index.")
final class RepoPublishCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Parameters(index = "0", paramLabel = "REPO", description = "The repo directory (made if missing).")
  Path repo;

  @Parameters(index = "1..*", paramLabel = "PACKAGE",
      description = "Packages to publish with everything they were built from (default: every built package of the recipe).")
  List<String> packages = new ArrayList<>();

  @Option(names = "--sign", paramLabel = "KEY", description = "Sign the index with this key: a .key file, or a name under <kiln home>/keys.")
  String sign;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Store store = session.store();
      Optional<SigningKey> key = sign == null ? Optional.empty()
          : Optional.of(loadKey(RepoKeys.privateKey(store.home(), sign)));
      Recipe recipe = session.recipe(recipeFile.file);
      Plan plan = session.plan(recipe, packages);
      List<PlannedPackage> chosen = choose(store, plan);
      if (chosen.isEmpty()) {
        System.err.println("kiln: error: nothing to publish: no package of the recipe is built (run kiln run first)");
        return Main.BUILD_FAILED;
      }
      List<IndexEntry> added = new Publisher(repo, store).publish(plan, chosen, key);
      for (IndexEntry e : added) {
        System.out.printf("published %s %s  %s  %d bytes%n", e.info().name(), e.info().version(), e.filename(), e.size());
      }
      System.err.printf("kiln: %s: %d package%s published, index %s%n", repo, added.size(), added.size() == 1 ? "" : "s",
          key.map(k -> "signed with " + k.publicKey().name() + " (" + k.publicKey().id() + ")").orElse("unsigned"));
      return Main.OK;
    });
  }

  private static SigningKey loadKey(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such key (make one with kiln repo keygen NAME)");
    }
    return SigningKey.load(file);
  }

  /** Named packages must be built, with their inputs; by default whatever of the recipe is built. */
  private List<PlannedPackage> choose(Store store, Plan plan) throws IOException {
    List<PlannedPackage> chosen = new ArrayList<>();
    for (PlannedPackage p : plan.buildOrder()) {
      if (store.contains(p.storeName())) {
        chosen.add(p);
      } else if (!packages.isEmpty()) {
        throw new IOException(p.pkg().displayName() + " is not built; build it first (kiln build " + p.name() + ")");
      }
    }
    return chosen;
  }
}
