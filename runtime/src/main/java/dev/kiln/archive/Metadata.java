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

  static void setModifiedTime(Path path, FileTime mtime) throws IOException {
    BasicFileAttributeView view =
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setTimes(mtime, null, null);
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
