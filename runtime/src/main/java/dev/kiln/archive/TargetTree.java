package dev.kiln.archive;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The target directory as the unpacker sees it: every location handed out has a parent whose real path is inside
 * the target. The guarantees lean on two habits of {@link Extractor}: a real directory is never deleted or replaced
 * (so a directory once checked stays safe), and an existing non-directory is deleted before anything takes its
 * place (so a symlink is never written through).
 *
 * <p>The rules for links. A symlink keeps its text as written. Absolute text is allowed, as GNU tar, bsdtar and
 * Nix allow it: in the build's scratch tree such a link dangles or points into the host, and the build's sandbox,
 * not the unpacker, decides what it may reach. Relative text must not climb out of the target by its own "..".
 * Whatever links say, no entry is ever written through one that resolves outside the target, nor through an
 * absolute one at all (where that leads depends on the machine), and a hard link may only share a file this
 * archive wrote.
 */
final class TargetTree {
  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final String archiveName;
  private final Path root;
  private final Pending pending;
  /** Directories reached without passing a symlink: they can be reused without walking them again. */
  private final Set<RelativePath> plainDirectories = new HashSet<>();

  /**
   * Work the extractor has queued but perhaps not done: before a path is looked at on the way to a directory,
   * whatever is still to be written there must be on disk.
   */
  interface Pending {
    void settle(Path path) throws IOException;
  }

  /** {@code root} must be a real path (see {@link Path#toRealPath}). */
  TargetTree(String archiveName, Path root, Pending pending) {
    this.archiveName = archiveName;
    this.root = root;
    this.pending = pending;
    plainDirectories.add(RelativePath.ROOT);
  }

  /**
   * Where {@code entry} goes: its cleaned name under the real path of its parent, which is created as needed.
   * Empty for an entry naming the target itself, which only a directory may do.
   */
  Optional<Path> locate(Entry entry) throws IOException {
    RelativePath where = where(entry);
    if (where.isRoot()) {
      if (entry.kind() != Entry.Kind.DIRECTORY) {
        throw refuse(entry, "names the target directory itself");
      }
      return Optional.empty();
    }
    return Optional.of(realDirectory(entry, where.parent()).resolve(where.fileName()));
  }

  /** Refuses an entry whose own name is absolute, escapes the target or holds a NUL; nothing is created. */
  void check(Entry entry) throws UnsafeArchiveException {
    where(entry);
  }

  /**
   * Makes room at {@code path}: anything but a directory is deleted, never followed, so a planted symlink cannot
   * redirect the write. A directory is kept for a directory entry and is an error for anything else, because
   * deleting it would silently drop entries unpacked earlier.
   */
  boolean clear(Entry entry, Path path) throws IOException {
    BasicFileAttributes existing = attributes(path);
    if (existing == null) {
      return false;
    }
    if (!existing.isDirectory()) {
      Files.delete(path);
      return false;
    } else if (entry.kind() != Entry.Kind.DIRECTORY) {
      throw new IOException("entry '" + entry.name() + "' would replace the directory " + path);
    }
    return true;
  }

  /**
   * Makes the directory {@code entry} names at {@code path} (as {@link #locate} gave it), clearing the way as
   * {@link #clear} does. {@code fresh}: the target started empty and this run has unpacked nothing but directories
   * at {@code path}, so what can stand there is a directory it made, and nothing is looked at first. The directory
   * is then known to be real where its parent is, and is not looked at again on the way to its entries.
   */
  void makeDirectory(Entry entry, Path path, boolean fresh) throws IOException {
    if (fresh) {
      try {
        Files.createDirectory(path);
      } catch (FileAlreadyExistsException e) {
        // made on the way to an earlier entry
      }
    } else if (!clear(entry, path)) {
      Files.createDirectory(path);
    }
    RelativePath where = where(entry);
    if (plainDirectories.contains(where.parent())) {
      plainDirectories.add(where);
    }
  }

  /**
   * Refuses a symlink whose relative text, read from the link's real directory, climbs out of the target. A ".." is
   * allowed only where the path so far is a real directory: after a symlink, or after a name that does not exist
   * yet (and may later be unpacked as a symlink), the kernel would climb from somewhere this check cannot see.
   * Absolute text is kept as it is (see the class comment). Where the text leads through other symlinks is not
   * judged here: those were judged when they were made, and writes never follow any link out.
   */
  void checkSymlink(Entry entry, Path linkDirectory) throws IOException {
    String text = entry.linkName();
    if (text.isEmpty()) {
      throw new IOException("entry '" + entry.name() + "' is a symlink with an empty target");
    }
    rejectNul(entry, text);
    if (text.startsWith("/")) {
      return;
    }
    Path current = linkDirectory;
    boolean plain = true;
    for (String part : text.split("/")) {
      switch (part) {
        case "", "." -> { }
        case ".." -> {
          if (!plain) {
            throw refuse(entry, "is a symlink to '" + text + "', whose '..' climbs out of something not a plain"
                + " directory");
          }
          current = current.getParent();
          if (current == null || !current.startsWith(root)) {
            throw refuse(entry, "is a symlink to '" + text + "', which points outside the target directory");
          }
        }
        default -> {
          current = current.resolve(part);
          plain = plain && isPlainDirectory(current);
        }
      }
    }
  }

  /**
   * The real path of the regular file a hard link entry names. Tar writes a hard link's target as an archive path,
   * so it is cleaned like an entry name; it must then be a file this run wrote ({@code extracted}), so a link can
   * never pin a file that was already in the target or lies outside it.
   */
  Path hardLinkSource(Entry entry, Predicate<Path> extracted) throws IOException {
    String notOurs = "is a hard link to '" + entry.linkName() + "', which is not a regular file unpacked earlier"
        + " from this archive";
    String outside = "is a hard link to '" + entry.linkName() + "', which lies outside the target directory";
    RelativePath source = inside(entry, entry.linkName(), "is a hard link to the absolute path '"
        + entry.linkName() + "'", outside);
    Path lexicalParent = source.parent().under(root);
    if (source.isRoot() || !Files.isDirectory(lexicalParent)) {
      throw refuse(entry, notOurs);
    }
    Path parent = lexicalParent.toRealPath();
    if (!parent.startsWith(root)) {
      throw refuse(entry, outside);
    }
    Path real = parent.resolve(source.fileName());
    if (!extracted.test(real) || !Files.isRegularFile(real, NO_FOLLOW)) {
      throw refuse(entry, notOurs);
    }
    return real;
  }

  /** The entry's own name, cleaned: where in the target it goes. */
  private RelativePath where(Entry entry) throws UnsafeArchiveException {
    return inside(entry, entry.name(), "has an absolute path", "would land outside the target directory");
  }

  /** Cleans archive text naming a place in the target; absolute text and escaping ".." are refused. */
  private RelativePath inside(Entry entry, String text, String absoluteReason, String escapeReason)
      throws UnsafeArchiveException {
    if (text.startsWith("/")) {
      throw refuse(entry, absoluteReason);
    }
    rejectNul(entry, text);
    return RelativePath.clean(text).orElseThrow(() -> refuse(entry, escapeReason));
  }

  /**
   * The real path of {@code dir}, created one name at a time. An existing symlink on the way is followed only if
   * it resolves to a directory inside the target, so a planted or unpacked symlink cannot carry writes outside.
   */
  private Path realDirectory(Entry entry, RelativePath dir) throws IOException {
    if (plainDirectories.contains(dir)) {
      // Real directories all the way down from the real root, and never replaced: already a real path.
      return dir.under(root);
    }
    Path walked = walk(entry, dir);
    if (plainDirectories.contains(dir)) {
      return walked; // no symlink on the way: what was walked is real
    }
    Path real = walked.toRealPath();
    if (!real.startsWith(root)) {
      throw refuse(entry, "would be written through a symlink that resolves outside the target directory");
    }
    return real;
  }

  private Path walk(Entry entry, RelativePath dir) throws IOException {
    Path current = root;
    RelativePath sofar = RelativePath.ROOT;
    boolean plain = true;
    for (String name : dir.names()) {
      sofar = sofar.child(name);
      Path next = current.resolve(name);
      if (plain && plainDirectories.contains(sofar)) {
        current = next;
        continue;
      }
      pending.settle(next);
      BasicFileAttributes existing = attributes(next);
      if (existing == null) {
        Files.createDirectory(next);
      } else if (existing.isSymbolicLink()) {
        next = followInside(entry, next, sofar);
        plain = false;
      } else if (!existing.isDirectory()) {
        throw new IOException("entry '" + entry.name() + "' needs '" + sofar + "' to be a directory, but it is a"
            + " file");
      }
      if (plain) {
        plainDirectories.add(sofar);
      }
      current = next;
    }
    return current;
  }

  private Path followInside(Entry entry, Path link, RelativePath where) throws IOException {
    // Even one that happens to resolve inside: where an absolute link leads depends on where the target is.
    if (Files.readSymbolicLink(link).isAbsolute()) {
      throw refuse(entry, "would be written through '" + where + "', an absolute symlink");
    }
    Path real;
    try {
      real = link.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IOException("entry '" + entry.name() + "' lies under '" + where + "', a symlink to nothing", e);
    }
    if (!real.startsWith(root)) {
      throw refuse(entry, "would be written through '" + where + "', a symlink that resolves outside the target"
          + " directory");
    }
    if (!Files.isDirectory(real, NO_FOLLOW)) {
      throw new IOException("entry '" + entry.name() + "' lies under '" + where + "', a symlink to a file");
    }
    return real;
  }

  private boolean isPlainDirectory(Path path) throws IOException {
    BasicFileAttributes existing = attributes(path);
    return existing != null && existing.isDirectory();
  }

  private void rejectNul(Entry entry, String text) throws UnsafeArchiveException {
    // The JDK refuses such paths with an unchecked exception; a NUL has no business in an archive path anyway.
    if (text.indexOf('\0') >= 0) {
      throw refuse(entry, "contains a NUL character");
    }
  }

  /** The path's own attributes (a symlink is not followed), or null when nothing is there. */
  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private UnsafeArchiveException refuse(Entry entry, String reason) {
    return new UnsafeArchiveException(archiveName, entry.name(), reason);
  }
}
