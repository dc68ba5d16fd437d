package dev.kiln.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Whole-tree file operations, each done once here. */
public final class Trees {
  private static final Set<PosixFilePermission> WRITE = EnumSet.of(
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private Trees() {}

  /**
   * Deletes a tree without following symbolic links, making read-only directories writable first
   * (store outputs are read-only); what another process deletes meanwhile is skipped. Kiln's own
   * scratch trees go through {@link Trash} instead, so that nobody waits for this.
   */
  public static void deleteRecursively(Path root) throws IOException {
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      delete(root, new java.util.HashSet<>());
    }
  }

  /** {@code openedUp}: the directories already made readable, not tried twice. */
  private static void delete(Path root, Set<Path> openedUp) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        try {
          PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
          Set<PosixFilePermission> perms = view.readAttributes().permissions();
          if (perms.add(PosixFilePermission.OWNER_WRITE) | perms.add(PosixFilePermission.OWNER_EXECUTE)
              | perms.add(PosixFilePermission.OWNER_READ)) {
            view.setPermissions(perms);
          }
          return FileVisitResult.CONTINUE;
        } catch (NoSuchFileException gone) {
          return FileVisitResult.SKIP_SUBTREE;
        }
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        if (e instanceof AccessDeniedException && Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) && openedUp.add(file)) {
          // A directory the walk cannot open (mode 000, say): open it up and start again from it.
          Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setPermissions(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.OWNER_EXECUTE));
          delete(file, openedUp);
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Makes a finished build output reproducible and immutable: every mtime becomes {@code epoch}
   * (symlinks included, without following them) and write permission is dropped.
   */
  public static void normalise(Path root, FileTime epoch) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        PosixFileAttributeView view =
            Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isSymbolicLink()) {
          dropWrite(view);
        }
        view.setTimes(epoch, epoch, null);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        dropWrite(view);
        view.setTimes(epoch, epoch, null);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void dropWrite(PosixFileAttributeView view) throws IOException {
    Set<PosixFilePermission> perms = view.readAttributes().permissions();
    if (perms.removeAll(WRITE)) {
      view.setPermissions(perms);
    }
  }
}
