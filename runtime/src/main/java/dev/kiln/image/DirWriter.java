package dev.kiln.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Writes image members as a directory tree (modes kept; the store drops write bits when it commits the image). */
final class DirWriter {
  private DirWriter() {}

  static void write(List<Member> members, Path root) throws IOException {
    Files.createDirectory(root);
    for (Member m : members) {
      Path at = root.resolve(m.path());
      switch (m.kind()) {
        case DIR -> Files.createDirectory(at);
        case SYMLINK -> Files.createSymbolicLink(at, Path.of(m.linkTarget()));
        case FILE -> Files.copy(m.source(), at);
      }
    }
    // Modes last, deepest first: a read-only directory must be filled before it is made read-only.
    for (int i = members.size() - 1; i >= 0; i--) {
      Member m = members.get(i);
      if (m.kind() != Member.Kind.SYMLINK) {
        Files.setPosixFilePermissions(root.resolve(m.path()), permissions(m.mode()));
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        perms.add(p);
      }
    }
    return perms;
  }
}
