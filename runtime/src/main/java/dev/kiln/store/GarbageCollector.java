package dev.kiln.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the store entries no root reaches through run-time references. Each entry is renamed out
 * of {@code store/} first (one atomic step) and deleted afterwards, so a crash never leaves half an
 * entry in the store. Holds the store's gc lock exclusively: no build, shell or environment is
 * using the store meanwhile.
 */
public final class GarbageCollector {
  private GarbageCollector() {}

  /** An entry that is (or would be) removed, and its size on disk in bytes. */
  public record Freed(String entry, long bytes) {}

  /**
   * Removes (or, with {@code dryRun}, only lists) what {@code roots} don't reach; {@code waiting}
   * is told when kiln must wait for builds to finish first.
   */
  @SuppressWarnings("try") // the gc lock is held for the scope, never read
  public static List<Freed> collect(Store store, List<String> roots, boolean dryRun, Runnable waiting) throws IOException {
    try (StoreLock.Hold held = store.gcLock().exclusive(waiting)) {
      Set<String> live = new HashSet<>(store.runtimeClosure(roots.stream().filter(store::contains).toList()));
      List<Freed> freed = new ArrayList<>();
      for (String entry : store.entries()) {
        if (!live.contains(entry)) {
          freed.add(new Freed(entry, size(store.entry(entry))));
          if (!dryRun) {
            remove(store, entry);
          }
        }
      }
      if (!dryRun) {
        // Cached /usr views name entries that may be gone; they are cheap to make again.
        store.trash().discard(store.home().resolve("roots"));
      }
      return freed;
    }
  }

  @SuppressWarnings("try") // the entry lock is held for the scope, never read
  private static void remove(Store store, String entry) throws IOException {
    try (Store.EntryLock lock = store.lock(entry)) {
      // Out of store/ in one rename, then its records, then the delete: a crash never leaves half an entry.
      store.trash().deleteNow(store.entry(entry), () -> store.removeRecords(entry));
    }
  }

  private static long size(Path entry) throws IOException {
    long[] total = {0};
    Files.walkFileTree(entry, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        total[0] += attrs.isSymbolicLink() ? 0 : attrs.size();
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  /** Prints nothing; for callers that need no notice. */
  public static final Runnable QUIET = () -> { };

}
