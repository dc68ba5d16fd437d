package dev.kiln.cli;

import dev.kiln.model.Recipe;
import dev.kiln.model.RepoRef;
import dev.kiln.repo.RemoteRepo;
import dev.kiln.repo.TrustPolicy;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sync", description = "Fetches and verifies the index of every repo the recipe declares.")
final class RepoSyncCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Option(names = "--insecure", description = "Accept indexes without a good signature.")
  boolean insecure;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(recipeFile.file);
      if (recipe.repos().isEmpty()) {
        System.err.println("kiln: the recipe declares no repos (add repo \"name\", url: \"http://…\")");
        return Main.OK;
      }
      int failed = 0;
      for (RepoRef ref : recipe.repos()) {
        try {
          TrustPolicy.VerifiedIndex index = RemoteRepo.open(ref, session.store().home(), insecure).sync();
          System.out.printf("%s: %d package%s from %s, %s%n", ref.name(), index.index().size(),
              index.index().size() == 1 ? "" : "s", ref.location(), index.signer()
                  .map(k -> "signed by " + k.name() + " (" + k.id() + ")").orElse("NOT verified (trusted without a signature)"));
        } catch (IOException e) {
          System.err.println("kiln: error: " + dev.kiln.store.Problems.describe(e));
          failed++;
        }
      }
      return failed == 0 ? Main.OK : Main.BUILD_FAILED;
    });
  }
}
