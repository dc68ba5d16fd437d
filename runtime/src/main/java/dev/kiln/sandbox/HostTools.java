package dev.kiln.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's programs and libraries, read-only, for stages that import host tools. Top-level
 * directories that are symlinks on the host (merged /usr) become the same symlinks inside.
 */
public final class HostTools {
  private static final List<String> TOP = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
  // Debian's cc, c++ and awk are links through /etc/alternatives.
  private static final List<String> ETC = List.of("/etc/alternatives");

  private HostTools() {}

  public static List<Mount> mounts() throws IOException {
    List<Mount> mounts = new ArrayList<>();
    for (String dir : TOP) {
      Path path = Path.of(dir);
      if (Files.isSymbolicLink(path)) {
        mounts.add(new Mount.Symlink(Files.readSymbolicLink(path).toString(), dir));
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        mounts.add(new Mount.ReadOnly(path, dir));
      }
    }
    for (String dir : ETC) {
      if (Files.isDirectory(Path.of(dir))) {
        mounts.add(new Mount.ReadOnly(Path.of(dir), dir));
      }
    }
    return mounts;
  }
}
