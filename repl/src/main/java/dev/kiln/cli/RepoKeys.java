package dev.kiln.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where keys live by default, and how a --sign argument names one. */
final class RepoKeys {
  private RepoKeys() {}

  static Path keysDir(Path home) {
    return home.resolve("keys");
  }

  /** A path to a key file as given, else the key of that name under the kiln home. */
  static Path privateKey(Path home, String given) {
    Path asPath = Path.of(given);
    if (Files.isRegularFile(asPath) || given.contains("/")) {
      return asPath;
    }
    return keysDir(home).resolve(given.endsWith(".key") ? given : given + ".key");
  }
}
