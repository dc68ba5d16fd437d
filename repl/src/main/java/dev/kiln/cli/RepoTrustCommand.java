package dev.kiln.cli;

import dev.kiln.repo.AtomicFiles;
import dev.kiln.repo.RepoKey;
import dev.kiln.repo.TrustPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "trust", description = "Trusts a public key (NAME.pub) for every repo: copies it into <kiln home>/trusted-keys.")
final class RepoTrustCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Parameters(paramLabel = "KEY.pub")
  Path file;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      byte[] bytes = Files.readAllBytes(file);
      RepoKey key = RepoKey.parse(bytes, file);
      Path dir = Files.createDirectories(session.store().home().resolve(TrustPolicy.TRUSTED_KEYS));
      AtomicFiles.write(dir.resolve(key.name() + ".pub"), bytes);
      System.err.println("kiln: trusting key " + key.name() + " (" + key.id() + ") for every repo");
      return Main.OK;
    });
  }
}
