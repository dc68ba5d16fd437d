package dev.kiln.archive;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A path below the target directory as plain names: never "", "." or "..". No names means the target itself.
 * Entry paths are cleaned lexically and only the cleaned names ever reach the file system, so the kernel never
 * resolves an archive's ".." through a symlink.
 */
record RelativePath(List<String> names) {
  static final RelativePath ROOT = new RelativePath(List.of());

  RelativePath {
    names = List.copyOf(names);
  }

  /** Cleans relative archive text; empty when a ".." climbs above the start. Absolute text is the caller's to refuse. */
  static Optional<RelativePath> clean(String text) {
    Deque<String> names = new ArrayDeque<>();
    for (String part : text.split("/")) {
      switch (part) {
        case "", "." -> { }
        case ".." -> {
          if (names.isEmpty()) {
            return Optional.empty();
          }
          names.removeLast();
        }
        default -> names.addLast(part);
      }
    }
    return Optional.of(new RelativePath(List.copyOf(names)));
  }

  boolean isRoot() {
    return names.isEmpty();
  }

  RelativePath parent() {
    return isRoot() ? ROOT : new RelativePath(names.subList(0, names.size() - 1));
  }

  String fileName() {
    return names.get(names.size() - 1);
  }

  RelativePath child(String name) {
    return new RelativePath(append(name));
  }

  /** Lexically below {@code root}; whether that is a real location is the caller's to check. */
  Path under(Path root) {
    Path path = root;
    for (String name : names) {
      path = path.resolve(name);
    }
    return path;
  }

  private List<String> append(String name) {
    String[] all = names.toArray(new String[names.size() + 1]);
    all[names.size()] = name;
    return List.of(all);
  }

  // Written out, not left to the record: its generated equals and hashCode are bootstrapped through method handles
  // on first use, which had every unpack generate ~20 classes at run time for its directory sets.
  @Override
  public boolean equals(Object other) {
    return other instanceof RelativePath path && names.equals(path.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return isRoot() ? "." : String.join("/", names);
  }
}
