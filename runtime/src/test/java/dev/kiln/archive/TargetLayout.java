package dev.kiln.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary layout for hostile archives: {@code root/work/target} is unpacked into, {@code root/outside} holds a
 * sentinel file, {@code root/archives} holds the archives. Escapes such as "../evil" or "../../outside/x" land in
 * this temporary root, where {@link #outsideTarget} sees them.
 */
final class TargetLayout {
  final Path root;
  final Path target;
  final Path outside;
  final Path sentinel;
  private final Path archives;

  TargetLayout(Path root) throws IOException {
    this.root = root;
    this.target = Files.createDirectories(root.resolve("work/target"));
    this.outside = Files.createDirectories(root.resolve("outside"));
    this.archives = Files.createDirectories(root.resolve("archives"));
    this.sentinel = Files.writeString(outside.resolve("sentinel.txt"), "sentinel", StandardCharsets.UTF_8);
  }

  Path archive(String fileName) {
    return archives.resolve(fileName);
  }

  /** Everything but the target and the archives: this must be the same before and after any unpack. */
  TreeSnapshot outsideTarget() throws IOException {
    return TreeSnapshot.of(root, path -> path.startsWith(target) || path.startsWith(archives));
  }
}
