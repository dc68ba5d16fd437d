package dev.kiln.fetch;

import dev.kiln.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A local directory of source files, named either by their sha256 (as in a kiln cache) or by their
 * file name (as in a hand-filled downloads folder). Nothing here is trusted: the fetcher hashes it.
 */
public final class DirectoryMirror implements Mirror {
  private final Path dir;

  public DirectoryMirror(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  @Override
  public Optional<Path> find(Sha256 sha256, String fileName) {
    Path byHash = dir.resolve(sha256.hex());
    if (Files.isRegularFile(byHash)) {
      return Optional.of(byHash);
    }
    if (!isPlainName(fileName)) {
      return Optional.empty();
    }
    Path byName = dir.resolve(fileName);
    return Files.isRegularFile(byName) ? Optional.of(byName) : Optional.empty();
  }

  // The name comes from a recipe; it must not reach outside the mirror directory.
  private static boolean isPlainName(String fileName) {
    return fileName != null
        && !fileName.isEmpty()
        && !fileName.contains("/")
        && !fileName.equals(".")
        && !fileName.equals("..");
  }

  @Override
  public String describe() {
    return "mirror " + dir + "/";
  }

  @Override
  public String toString() {
    return describe();
  }
}
