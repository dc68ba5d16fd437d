package dev.kiln.env;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tree of real directories and one relative symbolic link per file of its sources, as
 * {@code cp -rs} makes, but refusing to let two sources provide one path unless one of them wins.
 * Links are relative ({@code ../../busybox-1.36-…/bin/sh}), so the forest resolves wherever the
 * store is mounted: under the kiln home on the host and at /kiln/store in a container.
 */
final class Forest {
  /** One source: a store entry's directory, its name beside the forest, and whether it wins conflicts. */
  record Source(Path dir, String name, boolean wins) {}

  /** Two sources providing one path. */
  record Conflict(String path, String first, String second) {}

  private final Path root;
  private final Set<String> dirs = new HashSet<>();
  private final Map<String, Source> owners = new HashMap<>();
  private final List<Conflict> conflicts = new ArrayList<>();

  private Forest(Path root) {
    this.root = root;
  }

  /** Writes the forest of {@code sources} into {@code root}, an empty directory; returns the conflicts left unresolved. */
  static List<Conflict> create(Path root, List<Source> sources) throws IOException {
    Forest forest = new Forest(root);
    forest.dirs.add("");
    for (Source source : sources) {
      forest.add(source);
    }
    return List.copyOf(forest.conflicts);
  }

  private void add(Source source) throws IOException {
    Files.walkFileTree(source.dir(), new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String rel = relative(source, dir);
        if (dirs.contains(rel)) {
          return FileVisitResult.CONTINUE;
        }
        Source owner = owners.get(rel);
        if (owner != null) {
          conflicts.add(new Conflict(rel, owner.name(), source.name()));
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectory(root.resolve(rel));
        dirs.add(rel);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        link(source, relative(source, file));
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void link(Source source, String rel) throws IOException {
    Path at = root.resolve(rel);
    Source owner = owners.get(rel);
    if (dirs.contains(rel)) {
      conflicts.add(new Conflict(rel, "a directory of an earlier package", source.name()));
      return;
    }
    if (owner != null) {
      if (owner.wins() == source.wins()) {
        conflicts.add(new Conflict(rel, owner.name(), source.name()));
        return;
      }
      if (owner.wins()) {
        return;
      }
      Files.delete(at);
    }
    Files.createSymbolicLink(at, Path.of("../".repeat(depth(rel)) + source.name() + "/" + rel));
    owners.put(rel, source);
  }

  private static String relative(Source source, Path path) {
    return source.dir().relativize(path).toString();
  }

  /** How many directories up from a link at {@code rel} the store is: one per path component. */
  private static int depth(String rel) {
    int n = 1;
    for (int i = 0; i < rel.length(); i++) {
      if (rel.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }
}
