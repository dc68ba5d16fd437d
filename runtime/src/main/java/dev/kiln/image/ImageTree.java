package dev.kiln.image;

import dev.kiln.sandbox.RootView;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members of a root file system image: the closure's entries copied under {@code kiln/store},
 * a merged {@code usr} of links into them (the view kiln's containers get), {@code bin}, {@code lib}…
 * pointing into it, and the empty directories a root needs. Sorted, so writing it is deterministic.
 */
final class ImageTree {
  private static final Map<String, Integer> EMPTY_DIRS = Map.of("dev", 0755, "proc", 0555, "sys", 0555,
      "tmp", 01777, "etc", 0755, "root", 0700, "kiln", 0755, "kiln/store", 0755);

  private ImageTree() {}

  /** The image's members; {@code scratch} (which must not exist) receives the /usr view while it is read. */
  static List<Member> of(Store store, List<String> closure, Path scratch) throws IOException {
    List<Member> members = new ArrayList<>();
    EMPTY_DIRS.forEach((path, mode) -> members.add(Member.dir(path, mode)));
    for (String entry : closure) {
      addTree(members, store.entry(entry), "kiln/store/" + entry, true);
    }
    RootView.create(scratch, closure.stream()
        .map(name -> new RootView.Input(store.entry(name), Store.containerPath(name))).toList());
    addTree(members, scratch, "usr", false);
    RootView.ROOT_LINKS.forEach((link, target) -> members.add(Member.symlink(link.substring(1), target)));
    members.sort(null);
    return members;
  }

  /** Adds a tree; with {@code keepModes} its modes as they are, else 0755 directories (kiln made them). */
  private static void addTree(List<Member> members, Path root, String at, boolean keepModes) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        members.add(Member.dir(inside(dir), keepModes ? mode(dir) : 0755));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink()) {
          members.add(Member.symlink(inside(file), Files.readSymbolicLink(file).toString()));
        } else if (attrs.isRegularFile()) {
          members.add(Member.file(inside(file), mode(file), file));
        }
        return FileVisitResult.CONTINUE;
      }

      private String inside(Path p) {
        String rel = root.relativize(p).toString();
        return rel.isEmpty() ? at : at + "/" + rel;
      }
    });
  }

  private static int mode(Path path) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }
}
