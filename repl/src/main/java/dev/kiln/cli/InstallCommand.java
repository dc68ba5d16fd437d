package dev.kiln.cli;

import dev.kiln.fetch.FetchListener;
import dev.kiln.fetch.Fetcher;
import dev.kiln.model.RecipeException;
import dev.kiln.model.RepoRef;
import dev.kiln.model.SourceLocation;
import dev.kiln.repo.IndexEntry;
import dev.kiln.repo.Installer;
import dev.kiln.repo.RemoteRepo;
import dev.kiln.solve.UnsatisfiableException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", description = {
    "Installs packages from a repo into a root: resolves the constraints over every version the repo's",
    "signed index holds, fetches and verifies the chosen packages, and switches the root to a new generation."})
final class InstallCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Option(names = "--repo", required = true, paramLabel = "REPO",
      description = "A repo directory, an http(s) URL, or the name of a repo the recipe declares.")
  String repo;

  @Option(names = "--root", required = true, paramLabel = "DIR", description = "The root to install into.")
  Path root;

  @Option(names = "--key", paramLabel = "KEY.pub", description = "A public key to trust for this repo.")
  Path key;

  @Option(names = "--insecure", description = "Accept an index without a good signature.")
  boolean insecure;

  @Parameters(arity = "1..*", paramLabel = "CONSTRAINT", description = "Packages, e.g. busybox 'make>=4.3' 'musl>=1.2, <1.3'.")
  List<String> constraints;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      RemoteRepo remote = RemoteRepo.open(repoRef(session), session.store().home(), insecure);
      Fetcher fetcher = new Fetcher(session.store().distfiles(), List.of(), FetchListener.silent());
      try {
        Installer.Result result = new Installer(session.store(), fetcher).install(remote, constraints, root);
        for (IndexEntry entry : result.installed()) {
          System.out.println("installed " + entry.info().name() + " " + entry.info().version() + "  "
              + session.store().entry(entry.info().storeName()));
        }
        System.err.println("kiln: " + root + " is now generation " + result.generation().number());
        return Main.OK;
      } catch (UnsatisfiableException e) {
        System.err.println("kiln: cannot install " + String.join(" ", constraints) + ":");
        e.getMessage().lines().forEach(line -> System.err.println("  " + line));
        return Main.BUILD_FAILED;
      } catch (IllegalArgumentException e) {
        System.err.println("kiln: error: " + e.getMessage());
        return Main.USAGE;
      }
    });
  }

  private RepoRef repoRef(Session session) throws java.io.IOException, RecipeException {
    Optional<Path> trusted = Optional.ofNullable(key);
    if (repo.startsWith("http://") || repo.startsWith("https://")) {
      return new RepoRef("cli", URI.create(repo.endsWith("/") ? repo : repo + "/"), trusted, false, SourceLocation.UNKNOWN);
    }
    if (Files.isDirectory(Path.of(repo))) {
      return RepoRef.ofDirectory("cli", Path.of(repo), trusted, false);
    }
    return session.recipe(recipeFile.file).repo(repo).orElseThrow(() -> new RecipeException(
        new SourceLocation(repo, 0), "no repo directory, URL or recipe repo named \"" + repo + "\"",
        "give a directory, an http:// URL, or declare repo \"" + repo + "\", url: … in the recipe"));
  }
}
