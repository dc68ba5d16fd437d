package dev.kiln.image;

import java.nio.file.Path;

/**
 * One file of an image: its path inside (relative, no leading slash), its kind and mode, and where
 * its bytes come from (a regular file) or what it points at (a link).
 */
record Member(String path, Kind kind, int mode, Path source, String linkTarget) implements Comparable<Member> {
  enum Kind { DIR, FILE, SYMLINK }

  static Member dir(String path, int mode) {
    return new Member(path, Kind.DIR, mode, null, null);
  }

  static Member file(String path, int mode, Path source) {
    return new Member(path, Kind.FILE, mode, source, null);
  }

  static Member symlink(String path, String target) {
    return new Member(path, Kind.SYMLINK, 0777, null, target);
  }

  /** Sorted by path, so parents come before their children and the order never depends on a file system. */
  @Override
  public int compareTo(Member other) {
    return path.compareTo(other.path);
  }
}
