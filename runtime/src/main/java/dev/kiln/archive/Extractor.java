package dev.kiln.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Writes entries one at a time into the target, in archive order. Call {@link #finish} after the last entry. */
final class Extractor {
  static final int BUFFER_SIZE = 256 * 1024;

  private final TargetTree tree;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  /** Real paths of the regular files written by this run: the only things a hard link entry may point at. */
  private final Set<Path> extractedFiles = new HashSet<>();
  /** Directory entries in first-seen order (parents before children), with the last metadata seen for each. */
  private final Map<Path, Stamp> directories = new LinkedHashMap<>();

  private record Stamp(int mode, FileTime mtime) {
  }

  /** {@code root} must be a real path. */
  Extractor(String archiveName, Path root) {
    this.tree = new TargetTree(archiveName, root);
  }

  /** {@code content} is read only for a regular file, and only up to its end; the caller closes it. */
  void extract(Entry entry, InputStream content) throws IOException {
    switch (entry.kind()) {
      case FILE -> file(entry, content);
      case DIRECTORY -> directory(entry);
      case SYMLINK -> symlink(entry);
      case HARD_LINK -> hardLink(entry);
      case OTHER -> { }
    }
  }

  /**
   * Applies directory modes and mtimes, children before parents: writing into a directory resets its mtime, and a
   * read-only mode set early would block the entries still to come.
   */
  void finish() throws IOException {
    List<Map.Entry<Path, Stamp>> ordered = new ArrayList<>(directories.entrySet());
    for (int i = ordered.size() - 1; i >= 0; i--) {
      Path directory = ordered.get(i).getKey();
      Stamp stamp = ordered.get(i).getValue();
      Metadata.setMode(directory, stamp.mode());
      Metadata.setModifiedTime(directory, stamp.mtime());
    }
    directories.clear();
  }

  private void file(Entry entry, InputStream content) throws IOException {
    Path path = tree.locate(entry).orElseThrow(); // only a directory may name the target itself
    replace(entry, path);
    // CREATE_NEW with NOFOLLOW_LINKS: should anything reappear at the path, this fails rather than follows it.
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      copy(content, out);
    }
    Metadata.setMode(path, entry.mode());
    Metadata.setModifiedTime(path, entry.mtime());
    extractedFiles.add(path);
  }

  private void directory(Entry entry) throws IOException {
    Optional<Path> located = tree.locate(entry);
    if (located.isEmpty()) {
      return; // "./" names the target, whose mode and mtime belong to the caller.
    }
    Path path = located.get();
    tree.clear(entry, path);
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(path);
    }
    directories.put(path, new Stamp(entry.mode(), entry.mtime()));
  }

  private void symlink(Entry entry) throws IOException {
    Path path = tree.locate(entry).orElseThrow();
    tree.checkSymlink(entry, path.getParent());
    replace(entry, path);
    Files.createSymbolicLink(path, path.getFileSystem().getPath(entry.linkName()));
    Metadata.setModifiedTime(path, entry.mtime());
  }

  private void hardLink(Entry entry) throws IOException {
    Path path = tree.locate(entry).orElseThrow();
    Path source = tree.hardLinkSource(entry, extractedFiles);
    if (source.equals(path)) {
      return; // A link to itself: the file is already there.
    }
    replace(entry, path);
    Files.createLink(path, source);
    extractedFiles.add(path);
  }

  private void replace(Entry entry, Path path) throws IOException {
    tree.clear(entry, path);
    extractedFiles.remove(path);
  }

  private void copy(InputStream in, OutputStream out) throws IOException {
    int n;
    while ((n = in.read(buffer)) != -1) {
      out.write(buffer, 0, n);
    }
  }
}
