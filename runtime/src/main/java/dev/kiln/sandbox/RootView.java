package dev.kiln.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A merged {@code /usr} made of symbolic links into store entries: a package's {@code usr/} and its
 * top-level {@code bin}, {@code lib}, {@code include}… all land in one {@code /usr}, and the
 * container's {@code /bin}, {@code /lib} and {@code /lib64} point into it. Where only one package
 * provides a directory, the directory itself is linked (GNU stow's folding), so a view costs a few
 * links per package, not one per file. Earlier packages win where two provide the same file.
 */
public final class RootView {
  /** Top-level package directories that belong under /usr. */
  private static final Set<String> USR_DIRS = Set.of("bin", "sbin", "lib", "lib64", "libexec", "include", "share", "etc");
  /** The container's top-level links into the view. */
  public static final Map<String, String> ROOT_LINKS = Map.of("/bin", "usr/bin", "/sbin", "usr/sbin",
      "/lib", "usr/lib", "/lib64", "usr/lib64");

  private RootView() {}

  /** A package as the view sees it: its directory on the host, and where the container mounts it. */
  public record Input(Path host, String inside) {}

  /** A directory of one package contributing to a view directory; {@code only} limits the names taken. */
  private record Part(Path host, String inside, Set<String> only) {}

  /** Writes the view's {@code usr} directory into {@code usr} (which must not exist). */
  public static void create(Path usr, List<Input> inputs) throws IOException {
    List<Part> parts = new ArrayList<>();
    for (Input input : inputs) {
      Path inner = input.host().resolve("usr");
      if (Files.isDirectory(inner, LinkOption.NOFOLLOW_LINKS)) {
        parts.add(new Part(inner, input.inside() + "/usr", null));
      }
      parts.add(new Part(input.host(), input.inside(), USR_DIRS));
    }
    Files.createDirectories(usr);
    mergeInto(usr, parts);
  }

  /** The mounts that put a view written by {@link #create} at the container's root. */
  public static List<Mount> mounts(Path usr) {
    List<Mount> mounts = new ArrayList<>();
    mounts.add(new Mount.ReadOnly(usr, "/usr"));
    ROOT_LINKS.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(link -> mounts.add(new Mount.Symlink(link.getValue(), link.getKey())));
    return mounts;
  }

  private static void mergeInto(Path dir, List<Part> parts) throws IOException {
    Map<String, List<Part>> byName = new LinkedHashMap<>();
    for (Part part : parts) {
      for (String name : children(part)) {
        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(part);
      }
    }
    for (Map.Entry<String, List<Part>> e : byName.entrySet()) {
      link(dir.resolve(e.getKey()), e.getKey(), e.getValue());
    }
  }

  private static void link(Path at, String name, List<Part> providers) throws IOException {
    Part first = providers.get(0);
    List<Part> dirs = new ArrayList<>();
    for (Part p : providers) {
      if (Files.isDirectory(p.host().resolve(name), LinkOption.NOFOLLOW_LINKS)) {
        dirs.add(new Part(p.host().resolve(name), p.inside() + "/" + name, null));
      }
    }
    boolean firstIsDir = !dirs.isEmpty() && dirs.get(0).host().equals(first.host().resolve(name));
    if (!firstIsDir || dirs.size() == 1) {
      Files.createSymbolicLink(at, Path.of(first.inside() + "/" + name));
    } else {
      Files.createDirectory(at);
      mergeInto(at, dirs);
    }
  }

  private static Set<String> children(Part part) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    if (!Files.isDirectory(part.host())) {
      return names;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(part.host())) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean wanted = part.only() == null
            || part.only().contains(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
        if (wanted) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
