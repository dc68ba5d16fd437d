package dev.kiln.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The content-addressed store and its neighbours under one kiln home:
 * <pre>
 *   store/NAME-VERSION-HASH   finished, read-only outputs (the only thing in store/)
 *   tmp/                      builds in progress; renamed into store/ when they succeed
 *   trash/                    trees being deleted in the background (see {@link Trash})
 *   logs/NAME-VERSION-HASH.log
 *   locks/NAME-VERSION-HASH.lock
 *   distfiles/SHA256          fetched sources
 *   refs/NAME-VERSION-HASH    the store entries an entry refers to (its run-time closure), one a line
 *   records/NAME-VERSION-HASH.contents   the sha256 of the entry's tree ({@link TreeHash}), for kiln verify
 * </pre>
 * Entries appear only by an atomic rename, after their records, so a crash leaves either nothing or a
 * whole entry (at worst records of an entry that is not there, which its next commit replaces), and a
 * per-entry lock makes two kiln processes build one entry once.
 */
public final class Store {
  /** The suffix of an entry's contents record under {@code records/}. */
  public static final String CONTENTS = ".contents";
  /** Where the store is mounted in every container, so hashes don't depend on where users keep it. */
  public static final String CONTAINER_PATH = "/kiln/store";
  /** 1980-01-01, the earliest time zip can record: every file in the store carries it. */
  public static final long SOURCE_DATE_EPOCH = 315532800L;
  /** Between the entry's name and the owner's pid in a scratch directory's name. */
  private static final String WORK = ".work-";

  /**
   * Entry locks between threads of this JVM: a JVM may hold only one lock per file, so the file
   * lock alone would fail (not wait) when two threads want the same entry.
   */
  private static final java.util.Map<Path, java.util.concurrent.Semaphore> JVM_LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path home;

  private Store(Path home) {
    this.home = home;
  }

  /** Opens (creating if needed) the store under {@code home}. */
  public static Store open(Path home) throws IOException {
    Path abs = home.toAbsolutePath().normalize();
    for (String dir : new String[] {"store", "tmp", "trash", "logs", "locks", "distfiles", "refs", "records"}) {
      Files.createDirectories(abs.resolve(dir));
    }
    return new Store(abs);
  }

  public Path home() {
    return home;
  }

  public Path entry(String storeName) {
    return home.resolve("store").resolve(storeName);
  }

  public boolean contains(String storeName) {
    return Files.isDirectory(entry(storeName));
  }

  public Path logFile(String storeName) {
    return home.resolve("logs").resolve(storeName + ".log");
  }

  public Path distfiles() {
    return home.resolve("distfiles");
  }

  /** In-container path of an entry. */
  public static String containerPath(String storeName) {
    return CONTAINER_PATH + "/" + storeName;
  }

  /**
   * Takes the entry's lock, waiting while another process or thread holds it. Closing the returned
   * lock releases it; the operating system releases it too if the process dies.
   */
  public EntryLock lock(String storeName) throws IOException {
    return acquire(storeName, true).orElseThrow();
  }

  /** The entry's lock if nobody holds it, else empty at once. */
  public java.util.Optional<EntryLock> tryLock(String storeName) throws IOException {
    return acquire(storeName, false);
  }

  /** The entry's lock: first among this JVM's threads, then among processes; empty when taken and not {@code wait}. */
  private java.util.Optional<EntryLock> acquire(String storeName, boolean wait) throws IOException {
    Path file = lockFile(storeName);
    java.util.concurrent.Semaphore inJvm = JVM_LOCKS.computeIfAbsent(file, f -> new java.util.concurrent.Semaphore(1));
    boolean waited = !inJvm.tryAcquire();
    if (waited && !wait) {
      return java.util.Optional.empty();
    }
    if (waited) {
      try {
        inJvm.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.nio.channels.ClosedByInterruptException(); // as the file lock's wait answers an interrupt
      }
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null && !wait) {
        channel.close();
        inJvm.release();
        return java.util.Optional.empty();
      }
      if (lock == null) {
        waited = true;
        lock = channel.lock();
      }
      return java.util.Optional.of(new EntryLock(channel, lock, inJvm, waited));
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      inJvm.release();
      throw e;
    }
  }

  private Path lockFile(String storeName) {
    return home.resolve("locks").resolve(storeName + ".lock");
  }

  /**
   * A fresh scratch directory for building {@code storeName}; call with the entry's lock held,
   * after {@link #removeAbandonedWork}. It lives beside the store, on the same file system, so the
   * output can be renamed in.
   */
  public Path newWorkDir(String storeName) throws IOException {
    Path dir = home.resolve("tmp").resolve(storeName + WORK + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    return Files.createDirectory(dir);
  }

  /**
   * Moves what killed builds of this entry left in tmp/ to the trash, and deletes records a killed
   * commit was writing. Call with the entry's lock held.
   */
  public void removeAbandonedWork(String storeName) throws IOException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(home.resolve("tmp"), storeName + ".work-*")) {
      for (Path dir : leftovers) {
        trash().discard(dir);
      }
    }
    for (String dir : new String[] {"refs", "records"}) {
      try (DirectoryStream<Path> halfWritten = Files.newDirectoryStream(home.resolve(dir), storeName + "*.tmp-*")) {
        for (Path file : halfWritten) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * Deletes every record of an entry that is no longer in the store ({@code refs/ENTRY} and
   * {@code records/ENTRY.*}). Call with the entry's lock held, after the entry has left the store.
   */
  public void removeRecords(String storeName) throws IOException {
    Files.deleteIfExists(refsFile(storeName));
    try (DirectoryStream<Path> records = Files.newDirectoryStream(home.resolve("records"), storeName + ".*")) {
      for (Path file : records) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Moves to the trash the scratch directories in tmp/ whose build is gone: a live build holds its
   * entry's lock for as long as its directory exists, so a directory whose entry lock is free was
   * left by a killed kiln. Entries locked now are skipped, never waited for.
   */
  @SuppressWarnings("try") // the lock is held for its scope, never read
  void trashAbandonedWork() throws IOException {
    java.util.List<Path> work;
    try (java.util.stream.Stream<Path> tmp = Files.list(home.resolve("tmp"))) {
      work = tmp.filter(p -> p.getFileName().toString().contains(WORK)).toList();
    }
    for (Path dir : work) {
      String name = dir.getFileName().toString();
      java.util.Optional<EntryLock> free = tryLock(name.substring(0, name.lastIndexOf(WORK)));
      if (free.isPresent()) {
        try (EntryLock lock = free.get()) {
          trash().discard(dir);
        }
      }
    }
  }

  /** This store's trash: where scratch trees go to be deleted in the background. */
  public Trash trash() {
    return Trash.of(this);
  }

  /**
   * Starts deleting, in the background, what earlier kiln processes left in the trash and in tmp/;
   * returns at once. Commands that open the store call it.
   */
  public void sweepInBackground() {
    trash().sweep();
  }

  /**
   * Normalises a finished output, records which of {@code candidates} it refers to and the hash of
   * its tree, and renames it into the store as {@code storeName}. Call with the entry's lock held.
   */
  public Path commit(Path output, String storeName, java.util.Collection<String> candidates) throws IOException {
    Trees.normalise(output, FileTime.from(SOURCE_DATE_EPOCH, java.util.concurrent.TimeUnit.SECONDS));
    java.util.Set<String> refs = References.scan(output, candidates);
    refs.remove(storeName);
    writeAtomically(refsFile(storeName), String.join("", refs.stream().map(r -> r + "\n").toList()));
    writeAtomically(contentsRecord(storeName), "sha256 " + TreeHash.of(output).hex() + "\n");
    Path target = entry(storeName);
    try {
      Files.move(output, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot rename " + Problems.shorten(output.toString()) + " into the store as "
          + Problems.shorten(target.toString()) + ": it is already there", e);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + Problems.shorten(output.toString()) + " into the store as "
          + Problems.shorten(target.toString()) + ": tmp/ and store/ are on different file systems", e);
    }
    return target;
  }

  /** Writes a small file whole and renames it into place, so that readers see the old or the new one. */
  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.writeString(tmp, text, java.nio.charset.StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Where the entries {@code storeName} refers to are recorded. */
  public Path refsFile(String storeName) {
    return home.resolve("refs").resolve(storeName);
  }

  /** Where the hash of the entry's tree is recorded ({@code records/ENTRY.contents}). */
  public Path contentsRecord(String storeName) {
    return home.resolve("records").resolve(storeName + CONTENTS);
  }

  /** The hash of the entry's tree recorded at commit, if there is a readable record. */
  public java.util.Optional<dev.kiln.hash.Sha256> recordedContents(String storeName) throws IOException {
    Path record = contentsRecord(storeName);
    if (!Files.isRegularFile(record)) {
      return java.util.Optional.empty();
    }
    String text = Files.readString(record, java.nio.charset.StandardCharsets.UTF_8).trim();
    try {
      return text.startsWith("sha256 ") ? java.util.Optional.of(dev.kiln.hash.Sha256.of(text.substring(7)))
          : java.util.Optional.empty();
    } catch (IllegalArgumentException damaged) {
      return java.util.Optional.empty();
    }
  }

  /** Writes a new entry's contents. */
  @FunctionalInterface
  public interface Contents<X extends Exception> {
    /**
     * Fills {@code out}, an empty directory; {@code scratch} (its parent) may hold anything else needed
     * meanwhile and is removed afterwards.
     *
     * @return the entries the contents may refer to, looked for when the entry is committed
     */
    java.util.Collection<String> write(Path out, Path scratch) throws IOException, X;
  }

  /**
   * Makes the entry {@code storeName} unless it is there, by the store's protocol: take the entry's
   * lock, look again (another process may have made it meanwhile), clear what killed attempts left,
   * write into a scratch directory, commit atomically, and remove the scratch directory whatever happens.
   *
   * @return true when this call made it
   */
  @SuppressWarnings("try") // the lock is held for its scope, never read
  public <X extends Exception> boolean create(String storeName, Contents<X> contents) throws IOException, X {
    try (EntryLock lock = lock(storeName)) {
      if (contains(storeName)) {
        return false;
      }
      removeAbandonedWork(storeName);
      Path work = newWorkDir(storeName);
      try {
        Path out = Files.createDirectory(work.resolve("out"));
        commit(out, storeName, contents.write(out, work));
        return true;
      } finally {
        trash().discard(work);
      }
    }
  }

  /** Commits an output that refers to no other entry. */
  public Path commit(Path output, String storeName) throws IOException {
    return commit(output, storeName, java.util.List.of());
  }

  /** The lock kiln gc takes exclusively and everything using entries takes shared. */
  public StoreLock gcLock() {
    return StoreLock.of(home.resolve("locks").resolve("store.lock"));
  }

  /** The names of every entry in the store. */
  public java.util.List<String> entries() throws IOException {
    try (java.util.stream.Stream<Path> list = Files.list(home.resolve("store"))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The entries {@code storeName} refers to, as recorded when it was committed. */
  public java.util.List<String> references(String storeName) throws IOException {
    Path refs = refsFile(storeName);
    return Files.isRegularFile(refs) ? Files.readAllLines(refs) : java.util.List.of();
  }

  /** The entries reachable from {@code roots} through references, roots included, roots first. */
  public java.util.List<String> runtimeClosure(java.util.List<String> roots) throws IOException {
    java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String next = todo.poll();
      if (seen.add(next)) {
        todo.addAll(references(next));
      }
    }
    return java.util.List.copyOf(seen);
  }

  /** A held entry lock. */
  public static final class EntryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final java.util.concurrent.Semaphore inJvm;
    private final boolean waited;
    private boolean closed;

    private EntryLock(FileChannel channel, FileLock lock, java.util.concurrent.Semaphore inJvm, boolean waited) {
      this.channel = channel;
      this.lock = lock;
      this.inJvm = inJvm;
      this.waited = waited;
    }

    /** True when another process held the lock first: it may have built the entry meanwhile. */
    public boolean waited() {
      return waited;
    }

    @Override
    public synchronized void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        lock.release();
      } finally {
        try {
          channel.close();
        } finally {
          inJvm.release();
        }
      }
    }
  }
}
