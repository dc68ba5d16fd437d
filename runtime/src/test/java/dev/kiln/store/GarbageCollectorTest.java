package dev.kiln.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.env.FakeEntries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {
  @TempDir Path dir;

  @Test
  void gc_keeps_roots_and_what_they_refer_to_and_a_dry_run_lists_the_same_entries_first() throws Exception {
    Store store = Store.open(dir.resolve("home"));
    String lib = FakeEntries.add(store, "lib", Map.of("lib/x", "12345"), List.of());
    String app = FakeEntries.add(store, "app", Map.of("bin/app", "uses " + store.entry(lib)), List.of(lib));
    String old = FakeEntries.add(store, "old", Map.of("bin/old", "1234567"), List.of());

    List<GarbageCollector.Freed> wouldFree = GarbageCollector.collect(store, List.of(app), true, GarbageCollector.QUIET);
    assertEquals(List.of(new GarbageCollector.Freed(old, 7)), wouldFree);
    assertTrue(store.contains(old), "a dry run removes nothing");

    assertEquals(wouldFree, GarbageCollector.collect(store, List.of(app), false, GarbageCollector.QUIET));
    assertEquals(List.of(app, lib), store.entries());
    assertTrue(Files.notExists(store.home().resolve("refs").resolve(old)));
    try (var tmp = Files.list(store.home().resolve("tmp"))) {
      assertEquals(0, tmp.count(), "nothing left in tmp/");
    }
  }

  @Test
  @SuppressWarnings("try") // the shared hold stands for a build in progress
  void gc_waits_for_a_process_using_the_store_and_then_collects() throws Exception {
    Store store = Store.open(dir.resolve("home"));
    String old = FakeEntries.add(store, "old", Map.of("f", "x"), List.of());
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<Object> result = new AtomicReference<>();
    Thread gc;
    try (StoreLock.Hold build = store.gcLock().shared()) {
      gc = new Thread(() -> {
        try {
          result.set(GarbageCollector.collect(store, List.of(), false, waiting::countDown));
        } catch (Exception e) {
          result.set(e);
        }
      });
      gc.start();
      waiting.await();
      assertTrue(store.contains(old), "gc must not remove anything while the store is in use");
    }
    gc.join();
    assertEquals(List.of(new GarbageCollector.Freed(old, 1)), result.get());
    assertEquals(List.of(), store.entries());
  }
}
