package dev.kiln.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trees kiln no longer needs, out of the user's way: a tree is renamed into {@code trash/} (one
 * atomic step on the store's file system) and deleted by a background thread, so no command waits
 * for a big delete. Each process renames into a bin of its own, {@code trash/PID-START}, named by
 * its process id and start time; a process that exits leaves the rest of its bin, and the next
 * kiln's {@link #sweep} deletes the bins whose process is gone, together with the scratch
 * directories that killed builds left in {@code tmp/}. Two processes deleting one bin only repeat
 * each other's work: nothing in the trash is in use.
 */
public final class Trash {
  /** One per store per JVM: its bin and its deleting thread. */
  private static final Map<Path, Trash> OPEN = new ConcurrentHashMap<>();

  private final Store store;
  private final Path dir;
  private final Path bin;
  private final ExecutorService deleter;
  private final AtomicInteger pending = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean swept = new java.util.concurrent.atomic.AtomicBoolean();

  private Trash(Store store) {
    this.store = store;
    this.dir = store.home().resolve("trash");
    this.bin = dir.resolve(binName(ProcessHandle.current()).orElse(ProcessHandle.current().pid() + "-0"));
    this.deleter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kiln-trash");
      t.setDaemon(true); // a kiln that exits leaves the rest to the next one
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    });
  }

  /** The trash of {@code store}. */
  static Trash of(Store store) {
    return OPEN.computeIfAbsent(store.home(), home -> new Trash(store));
  }

  /**
   * Renames {@code tree} (on the store's file system, e.g. under {@code tmp/}) into this process's
   * bin and deletes it in the background. Does nothing when it is missing.
   */
  public void discard(Path tree) throws IOException {
    Path moved = moveIn(tree);
    if (moved != null) {
      later(() -> deleteQuietly(moved));
    }
  }

  /**
   * Renames {@code tree} into the bin, runs {@code meanwhile} (what must happen once the tree is gone
   * from its place), then deletes the tree on the calling thread: for what the user asked to remove,
   * as kiln gc does. Killed half-way, the rest is swept by the next kiln.
   */
  public void deleteNow(Path tree, Step meanwhile) throws IOException {
    Path moved = moveIn(tree);
    meanwhile.run();
    if (moved != null) {
      Trees.deleteRecursively(moved);
    }
  }

  /** A step that may fail with an I/O error. */
  @FunctionalInterface
  public interface Step {
    void run() throws IOException;
  }

  private Path moveIn(Path tree) throws IOException {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Files.createDirectories(bin);
    Path target = bin.resolve(tree.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return null; // removed meanwhile
    } catch (AtomicMoveNotSupportedException elsewhere) {
      Trees.deleteRecursively(tree); // not on the store's file system: no rename, so delete where it is
      return null;
    }
    return target;
  }

  /**
   * Deletes, in the background, the bins of processes that are gone and the scratch directories in
   * {@code tmp/} that no live build owns (their entry's lock is free). Once per store per process; returns at once.
   */
  public void sweep() {
    if (swept.compareAndSet(false, true)) {
      later(this::sweepNow);
    }
  }

  private void sweepNow() {
    try {
      store.trashAbandonedWork();
    } catch (IOException | RuntimeException e) {
      // tmp/ unreadable: the next kiln tries again
    }
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> bins = Files.newDirectoryStream(dir)) {
      for (Path other : bins) {
        if (!other.equals(bin) && !ownerAlive(other.getFileName().toString())) {
          deleteQuietly(other);
        }
      }
    } catch (IOException | RuntimeException e) {
      // trash/ unreadable: the next kiln tries again
    }
  }

  private void later(Runnable task) {
    pending.incrementAndGet();
    deleter.execute(() -> {
      try {
        task.run();
      } finally {
        pending.decrementAndGet();
      }
    });
  }

  /** Waits up to {@code limit} for the background deletes queued so far; true when none is left. */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (pending.get() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return true;
  }

  /** The bin name of a process: its id and start time, so a reused pid does not look alive. */
  static Optional<String> binName(ProcessHandle process) {
    return process.info().startInstant().map(start -> process.pid() + "-" + start.toEpochMilli());
  }

  /** Whether the process a bin is named after still runs; names kiln does not make count as gone. */
  static boolean ownerAlive(String name) {
    int dash = name.indexOf('-');
    if (dash <= 0) {
      return false;
    }
    try {
      long pid = Long.parseLong(name.substring(0, dash));
      return ProcessHandle.of(pid).flatMap(Trash::binName).map(name::equals).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path tree) {
    try {
      Trees.deleteRecursively(tree);
    } catch (IOException | RuntimeException e) {
      // left in the trash: the next kiln's sweep tries again
    }
  }
}
