package dev.kiln.repo;

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
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Lists a store entry as file records, sorted by path so that the archive's order depends on nothing
 * but the tree (not on directory order, which differs between file systems). A path sorts before every
 * path below it, so parents always come first.
 */
final class TreeScan {
  private TreeScan() {}

  static List<FileRecord> scan(Path root) throws IOException {
    List<FileRecord> records = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        records.add(FileRecord.directory(relative(root, dir), mode(dir)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String path = relative(root, file);
        if (attrs.isSymbolicLink()) {
          records.add(FileRecord.symlink(path, Files.readSymbolicLink(file).toString()));
        } else if (attrs.isRegularFile()) {
          // Hard links become separate files: the archive stays a plain list of paths.
          records.add(FileRecord.file(path, mode(file), attrs.size(), Sha256.ofFile(file)));
        } else {
          throw new IOException(file + ": neither a file, a directory nor a symlink; a package cannot hold it");
        }
        return FileVisitResult.CONTINUE;
      }
    });
    records.sort(Comparator.comparing(TreeScan::sortKey));
    return records;
  }

  // "." (the root) first; then plain string order, in which "a" precedes "a/b".
  private static String sortKey(FileRecord record) {
    return record.isRoot() ? "" : record.path();
  }

  private static String relative(Path root, Path path) {
    String rel = root.relativize(path).toString();
    return rel.isEmpty() ? FileRecord.ROOT : rel;
  }

  private static int mode(Path path) throws IOException {
    Set<PosixFilePermission> perms =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= 0400 >> p.ordinal();
    }
    return mode;
  }
}
