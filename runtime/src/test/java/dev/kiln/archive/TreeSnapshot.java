package dev.kiln.archive;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Everything observable about a directory tree, never following symlinks: per path its kind, permission bits,
 * content digest or link text, and mtime in whole seconds (tar's resolution); plus which files are hard links of
 * each other. Two equal snapshots mean two trees a build could not tell apart.
 */
record TreeSnapshot(Map<String, Node> nodes, Set<Set<String>> hardLinkGroups) {

  /** {@code links} is the hard link count: a link made to a file changes it even when nothing else changes. */
  record Node(String kind, int mode, String content, long mtimeSeconds, int links) {
    @Override
    public String toString() {
      return kind + " " + Integer.toOctalString(mode) + " " + content + " @" + mtimeSeconds + " x" + links;
    }
  }

  static TreeSnapshot of(Path root) throws IOException {
    return of(root, path -> false);
  }

  /** {@code skip} prunes paths (and everything under them); the root itself is never listed. */
  static TreeSnapshot of(Path root, Predicate<Path> skip) throws IOException {
    Map<String, Node> nodes = new TreeMap<>();
    Map<Object, Set<String>> byFileKey = new HashMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
        if (skip.test(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (!dir.equals(root)) {
          nodes.put(name(dir), node(dir, "dir", ""));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        if (skip.test(file)) {
          return FileVisitResult.CONTINUE;
        }
        if (attributes.isSymbolicLink()) {
          nodes.put(name(file), node(file, "symlink", Files.readSymbolicLink(file).toString()));
        } else if (attributes.isRegularFile()) {
          nodes.put(name(file), node(file, "file", Sha256.ofFile(file).prefix(16)));
          byFileKey.computeIfAbsent(attributes.fileKey(), key -> new TreeSet<>()).add(name(file));
        } else {
          nodes.put(name(file), node(file, "other", ""));
        }
        return FileVisitResult.CONTINUE;
      }

      private String name(Path path) {
        return root.relativize(path).toString();
      }
    });
    Set<Set<String>> groups = new HashSet<>();
    for (Set<String> names : byFileKey.values()) {
      if (names.size() > 1) {
        groups.add(names);
      }
    }
    return new TreeSnapshot(nodes, groups);
  }

  List<String> names() {
    return new ArrayList<>(nodes.keySet());
  }

  Node node(String name) {
    return nodes.get(name);
  }

  private static Node node(Path path, String kind, String content) throws IOException {
    PosixFileAttributes attributes =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    // A symlink's own permission bits mean nothing on Linux, so they are left out.
    int mode = kind.equals("symlink") ? 0 : mode(attributes.permissions());
    int links = (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    return new Node(kind, mode, content, attributes.lastModifiedTime().to(TimeUnit.SECONDS), links);
  }

  static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 0400 >> permission.ordinal();
    }
    return mode;
  }
}
