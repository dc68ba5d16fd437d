package dev.kiln.cli;

import dev.kiln.repo.SigningKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keygen", description = "Makes an Ed25519 key pair for signing a repo's index: NAME.key (private, 0600) and NAME.pub.")
final class RepoKeygenCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Parameters(paramLabel = "NAME", description = "The key's name (letters, digits, . _ + -).")
  String name;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the pair (default: <kiln home>/keys).")
  Path dir;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Path into = dir != null ? dir : RepoKeys.keysDir(session.store().home());
      SigningKey key;
      try {
        key = SigningKey.generate(name);
      } catch (IllegalArgumentException e) {
        System.err.println("kiln: error: " + e.getMessage());
        return Main.USAGE;
      }
      key.save(into);
      System.out.println(into.resolve(name + ".key"));
      System.out.println(into.resolve(name + ".pub"));
      System.err.println("kiln: key " + name + " (id " + key.publicKey().id() + "): sign with kiln repo publish --sign "
          + name + "; clients trust " + name + ".pub with kiln repo trust, or key: on their repo line");
      return Main.OK;
    });
  }
}
