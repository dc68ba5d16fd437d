package dev.kiln.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Applies an entry's mode and mtime without ever following a symlink, so a swapped-in link cannot redirect them. */
final class Metadata {
  /** Owner, group, other; read, write, execute: bit 8 down to bit 0, the order of {@link PosixFilePermission}. */
  private static final PosixFilePermission[] BITS = PosixFilePermission.values();

  private Metadata() {
  }

  /** Sets the permission bits; setuid, setgid and sticky are dropped, since a build tree has no use for them. */
  static void setMode(Path path, int mode) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setPermissions(permissions(mode));
  }

  /** Both times are given: leaving one out makes the JDK read the file's attributes first, a system call more. */
  static void setTimes(Path path, FileTime mtime, FileTime atime) throws IOException {
    BasicFileAttributeView view =
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setTimes(mtime, atime, null);
  }

  /**
   * The same for a file or directory this run made, which no later entry can turn into a symlink (a directory is
   * never replaced, a file only once its writer is done): following links saves an lstat.
   */
  static void setTimesOfMade(Path path, FileTime mtime, FileTime atime) throws IOException {
    Files.getFileAttributeView(path, BasicFileAttributeView.class).setTimes(mtime, atime, null);
  }

  /**
   * This process's umask, from /proc/self/status (Linux 4.7 and later); where that cannot be read, 0777, which
   * makes every mode be set explicitly.
   */
  static int umask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).strip(), 8);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: assume the worst
    }
    return 0777;
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        permissions.add(BITS[i]);
      }
    }
    return permissions;
  }
}
