package dev.kiln.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes entries into the target in archive order, as far as anyone can tell: every check and every directory,
 * symlink and hard link happens on the caller's thread in order, while regular files of up to {@link #SMALL_FILE}
 * bytes are created by {@link ParallelWrites} workers. File content is counted against the {@link Expansion} on the
 * caller's thread before it is written. Special files (devices, fifos, sockets) are skipped and listed in
 * {@link #skipped}. Call {@link #finish} after the last entry, and close.
 */
final class Extractor implements AutoCloseable {
  static final int BUFFER_SIZE = 256 * 1024;
  /** Files up to this size are read whole and handed to a worker; bigger ones are copied on the caller's thread. */
  static final int SMALL_FILE = 1 << 20;
  /** Skipped entries listed at most: an archive of a million fifos needs no million-line report. */
  static final int LISTED_SKIPS = 1000;
  private static final Set<OpenOption> CREATE_FILE = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final TargetTree tree;
  private final ParallelWrites writes = new ParallelWrites();
  private final byte[] buffer = new byte[BUFFER_SIZE];
  /** The mode bits the process's umask takes from a new file or directory; they are put back by chmod. */
  private final int umask = Metadata.umask();
  /** The access time given to everything written: now, as tar gives it. */
  private final FileTime now = FileTime.fromMillis(System.currentTimeMillis());
  /**
   * True when the target was empty at the start: then nothing can stand at a path this run has not used, and a
   * new file needs no look before it is created.
   */
  private final boolean startedEmpty;
  /**
   * Paths this run has put a non-directory at (written, queued, linked), each marked true when it is a regular
   * file this run wrote: a later entry at such a path replaces it, and only the marked ones may be hard-linked to.
   */
  private final Map<Path, Boolean> used = new HashMap<>(1 << 12);
  /** Directory entries, with the last metadata seen for each. */
  private final Map<Path, Stamp> directories = new HashMap<>();
  private final Expansion expansion;
  /** Where special entries were skipped, and what each was: a hard link to one is skipped with it. */
  private final Map<RelativePath, String> skippedAt = new LinkedHashMap<>();
  /** Each skipped entry once, in archive order, up to {@link #LISTED_SKIPS}. */
  private final Set<String> skipped = new LinkedHashSet<>();
  private int skippedCount;

  private record Stamp(int mode, FileTime mtime) {
  }

  /** {@code root} must be a real path. */
  Extractor(String archiveName, Path root, Expansion expansion) throws IOException {
    this.expansion = expansion;
    this.tree = new TargetTree(archiveName, root, path -> {
      if (used.containsKey(path)) {
        writes.awaitAll();
      }
    });
    try (var children = Files.newDirectoryStream(root)) {
      this.startedEmpty = !children.iterator().hasNext();
    }
  }

  /** {@code content} is read only for a regular file, and only up to its end; the caller closes it. */
  void extract(Entry entry, InputStream content) throws IOException {
    switch (entry.kind()) {
      case FILE -> file(entry, content);
      case DIRECTORY -> directory(entry);
      case SYMLINK -> symlink(entry);
      case HARD_LINK -> hardLink(entry);
      case CHARACTER_DEVICE, BLOCK_DEVICE, FIFO, SOCKET -> skip(entry, entry.kind().describe());
      case LABEL -> { }
    }
  }

  /** The special entries skipped, each once as "NAME (WHAT)", in archive order; at most {@link #LISTED_SKIPS}. */
  List<String> skipped() {
    return List.copyOf(skipped);
  }

  /** How many distinct entries were skipped, listed or not. */
  int skippedCount() {
    return skippedCount;
  }

  /** The bytes of file content written. */
  long written() {
    return expansion.written();
  }

  /**
   * Waits for the files still being written, then applies directory modes and mtimes. Writing into a directory
   * resets its mtime, and a read-only mode set early would block the entries still to come, so this is last.
   */
  void finish() throws IOException {
    writes.awaitAll();
    int created = 0777 & ~umask;
    // Any order will do now that nothing more is written into them, so the workers share this too.
    for (Map.Entry<Path, Stamp> directory : directories.entrySet()) {
      Path path = directory.getKey();
      Stamp stamp = directory.getValue();
      boolean modeIsRight = startedEmpty && (stamp.mode() & 0777) == created;
      writes.submit(0, () -> {
        if (!modeIsRight) {
          Metadata.setMode(path, stamp.mode());
        }
        Metadata.setTimesOfMade(path, stamp.mtime(), now);
      });
    }
    writes.awaitAll();
    directories.clear();
  }

  @Override
  public void close() {
    writes.close();
  }

  private void file(Entry entry, InputStream content) throws IOException {
    Path path = tree.locate(entry).orElseThrow(); // only a directory may name the target itself
    boolean looked = makeRoom(entry, path);
    used.put(path, Boolean.TRUE);
    if (entry.size() > SMALL_FILE) {
      create(entry, path, Loan.NONE, content, looked); // known to be big: straight through the one buffer
      return;
    }
    Loan head = readSmall(entry, content);
    long size = head.size();
    try {
      expansion.add(size);
    } catch (UnpackLimitException e) {
      head.giveBack();
      throw e;
    }
    if (size <= SMALL_FILE) {
      writes.submit((int) size, () -> create(entry, path, head, null, looked));
    } else {
      create(entry, path, head, content, looked);
    }
  }

  /**
   * Writes a new file: {@code head} (already counted), then the rest of {@code content} if there is one, counting
   * it as it goes (only on the caller's thread: it uses the one copy buffer and the one count). It is created with
   * its mode, so only a mode the umask cut needs a chmod.
   * {@code head} is given back once written, or once it is clear it never will be (it is never read again).
   */
  private void create(Entry entry, Path path, Loan head, InputStream content, boolean looked)
      throws IOException {
    try (SeekableByteChannel out = Files.newByteChannel(path, CREATE_FILE,
        PosixFilePermissions.asFileAttribute(Metadata.permissions(entry.mode())))) {
      for (ByteBuffer part : head.parts()) {
        write(out, part);
      }
      int n;
      while (content != null && (n = content.read(buffer)) != -1) {
        expansion.add(n);
        write(out, ByteBuffer.wrap(buffer, 0, n));
      }
    } catch (FileAlreadyExistsException e) {
      // Unlooked paths are new to this run, so what stands there is a directory it made for an earlier entry.
      if (!looked && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("entry '" + entry.name() + "' would replace the directory " + path, e);
      }
      throw e;
    } finally {
      head.giveBack();
    }
    if ((entry.mode() & 0777 & umask) != 0) {
      Metadata.setMode(path, entry.mode());
    }
    // This thread has just made the path a regular file, and no other entry touches it until this write is done
    // (see makeRoom).
    Metadata.setTimesOfMade(path, entry.mtime(), now);
  }

  /**
   * The content of an entry declared no bigger than {@link #SMALL_FILE}, or of one whose size is not declared: the
   * whole content when it is that small, else its first part (longer than that). Content that can lend its bytes
   * (a tar entry in decompressed chunks) is not copied at all: copying every file once more was a third of the
   * reading thread's work. A declared size is read into an array of just that size.
   */
  private static Loan readSmall(Entry entry, InputStream content) throws IOException {
    if (content instanceof Lender lender) {
      Loan lent = lender.lend(SMALL_FILE);
      if (lent != null) {
        return lent;
      }
    }
    if (entry.size() < 0) {
      return Loan.of(ByteBuffer.wrap(content.readNBytes(SMALL_FILE + 1)));
    }
    byte[] whole = new byte[(int) entry.size()];
    if (content.readNBytes(whole, 0, whole.length) != whole.length) {
      throw new EOFException("entry '" + entry.name() + "' ends before its declared " + whole.length + " bytes");
    }
    return Loan.of(ByteBuffer.wrap(whole));
  }

  private static void write(SeekableByteChannel out, ByteBuffer bytes) throws IOException {
    ByteBuffer remaining = bytes.duplicate();
    while (remaining.hasRemaining()) {
      out.write(remaining);
    }
  }

  /**
   * Content that can hand over all its remaining bytes, up to {@code limit}, as views of buffers nobody writes
   * until the loan is given back; null when it cannot.
   */
  interface Lender {
    Loan lend(int limit) throws IOException;
  }

  private void directory(Entry entry) throws IOException {
    Optional<Path> located = tree.locate(entry);
    if (located.isEmpty()) {
      return; // "./" names the target, whose mode and mtime belong to the caller.
    }
    Path path = located.get();
    boolean unpackedThere = used.remove(path) != null;
    if (unpackedThere) {
      writes.awaitAll();
    }
    tree.makeDirectory(entry, path, startedEmpty && !unpackedThere);
    directories.put(path, new Stamp(entry.mode(), entry.mtime()));
  }

  private void symlink(Entry entry) throws IOException {
    Path path = tree.locate(entry).orElseThrow();
    tree.checkSymlink(entry, path.getParent());
    makeRoom(entry, path);
    Files.createSymbolicLink(path, path.getFileSystem().getPath(entry.linkName()));
    Metadata.setTimes(path, entry.mtime(), now);
  }

  private void hardLink(Entry entry) throws IOException {
    // An archiver may store a second name of a device or fifo as a hard link to the first: that went unpacked, so
    // the link goes with it, reported rather than refused as a link to nothing this archive wrote.
    Optional<RelativePath> linked = entry.linkName().startsWith("/") ? Optional.empty()
        : RelativePath.clean(entry.linkName());
    String special = linked.isPresent() ? skippedAt.get(linked.get()) : null;
    if (special != null) {
      skip(entry, "a hard link to " + special);
      return;
    }
    writes.awaitAll(); // the file linked to may still be on its way
    Path path = tree.locate(entry).orElseThrow();
    Path source = tree.hardLinkSource(entry, file -> used.getOrDefault(file, Boolean.FALSE));
    if (source.equals(path)) {
      return; // A link to itself: the file is already there.
    }
    makeRoom(entry, path);
    Files.createLink(path, source);
    used.put(path, Boolean.TRUE);
  }

  /**
   * Passes over a special entry, noting it once. Its name is checked like any other, so a hostile name is refused
   * whether or not the entry would have been written.
   */
  private void skip(Entry entry, String what) throws IOException {
    tree.check(entry);
    RelativePath where = RelativePath.clean(entry.name()).orElseThrow();
    if (skippedAt.put(where, what) != null) {
      return;
    }
    skippedCount++;
    if (skipped.size() < LISTED_SKIPS) {
      skipped.add(where + " (" + what + ")");
    }
  }

  /**
   * Clears {@code path} for a non-directory entry. A path this run has used before waits for the work queued
   * there and is cleared; in a target that started empty, a path not used yet holds nothing (or a directory,
   * which creating the file will find), so it is not looked at. Returns whether it looked.
   */
  private boolean makeRoom(Entry entry, Path path) throws IOException {
    boolean usedBefore = used.put(path, Boolean.FALSE) != null;
    if (usedBefore) {
      writes.awaitAll();
    }
    if (usedBefore || !startedEmpty || entry.kind() != Entry.Kind.FILE) {
      tree.clear(entry, path);
      return true;
    }
    return false;
  }
}
