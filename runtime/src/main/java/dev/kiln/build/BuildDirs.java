package dev.kiln.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scratch layout of one build, under the store's tmp/ directory:
 * {@code src/} (sources, /build inside), {@code patches/}, {@code build.sh} and {@code out/} (the
 * future store entry, renamed into the store when the build succeeds).
 *
 * @param sourceRoot the in-container directory the script starts in
 */
record BuildDirs(Path root, String sourceRoot) {
  static BuildDirs create(Path root) throws IOException {
    Files.createDirectory(root.resolve("src"));
    Files.createDirectory(root.resolve("patches"));
    Files.createDirectory(root.resolve("out"));
    return new BuildDirs(root, Containers.BUILD_DIR);
  }

  BuildDirs withSourceRoot(String dir) {
    return new BuildDirs(root, dir);
  }

  Path sources() {
    return root.resolve("src");
  }

  Path patches() {
    return root.resolve("patches");
  }

  Path output() {
    return root.resolve("out");
  }

  /** Where a hermetic build's merged /usr is written. */
  Path view() {
    return root.resolve("view").resolve("usr");
  }

  Path script() {
    return root.resolve("build.sh");
  }
}
