package dev.kiln.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrashTest {
  @TempDir Path home;
  @TempDir Path outside;

  private static List<Path> under(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  /** A tree like a committed output: read-only directories, a symlink to a directory outside it, a mode-000 directory. */
  private Path awkwardTree(Store store, String name) throws Exception {
    Path work = store.newWorkDir(name);
    Path out = Files.createDirectories(work.resolve("out/deep"));
    Files.writeString(out.resolve("f"), "x");
    Files.writeString(outside.resolve("precious"), "keep me");
    Files.createSymbolicLink(out.resolve("link"), outside);
    Path closed = Files.createDirectories(work.resolve("closed/inner"));
    Files.writeString(closed.resolve("g"), "y");
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(closed.getParent(), PosixFilePermissions.fromString("---------"));
    Trees.normalise(work.resolve("out"), Files.getLastModifiedTime(work));
    return work;
  }

  @Test
  void discard_moves_the_tree_away_at_once_and_deletes_it_without_following_symlinks() throws Exception {
    Store store = Store.open(home);
    Path work = awkwardTree(store, "x-1-abc");

    store.trash().discard(work);

    assertFalse(Files.exists(work, LinkOption.NOFOLLOW_LINKS), "renamed away before discard returned");
    assertTrue(store.trash().awaitIdle(Duration.ofSeconds(30)));
    assertEquals(List.of(), under(home.resolve("trash")).stream().filter(p -> !Files.isDirectory(p)).toList());
    assertEquals(List.of(), under(home.resolve("tmp")));
    assertEquals("keep me", Files.readString(outside.resolve("precious")), "the symlink's target survives");
  }

  @Test
  void sweep_deletes_bins_of_gone_processes_and_keeps_those_of_live_ones() throws Exception {
    Store store = Store.open(home);
    Path gone = Files.createDirectories(home.resolve("trash/999999999-1/old-work/sub"));
    Files.writeString(gone.resolve("f"), "x");
    Files.setPosixFilePermissions(gone, PosixFilePermissions.fromString("r-x------"));
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      String liveName = Trash.binName(sleeper.toHandle()).orElseThrow();
      Path live = Files.createDirectories(home.resolve("trash").resolve(liveName).resolve("its-work"));

      store.sweepInBackground();
      assertTrue(store.trash().awaitIdle(Duration.ofSeconds(30)));

      assertFalse(Files.exists(home.resolve("trash/999999999-1")), "the gone process's bin is deleted");
      assertTrue(Files.isDirectory(live), "a live process deletes its own bin");
    } finally {
      sleeper.destroyForcibly();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @SuppressWarnings("try") // the lock is held for its scope, never read
  void sweep_deletes_abandoned_scratch_directories_but_not_those_whose_entry_is_locked() throws Exception {
    Store store = Store.open(home);
    Path abandoned = awkwardTree(store, "x-1-abc");
    Path live;
    try (Store.EntryLock held = store.lock("y-1-def")) {
      live = store.newWorkDir("y-1-def");
      Files.writeString(live.resolve("in-progress"), "...");

      store.sweepInBackground();
      assertTrue(store.trash().awaitIdle(Duration.ofSeconds(30)));

      assertFalse(Files.exists(abandoned, LinkOption.NOFOLLOW_LINKS), "no build holds x's lock: its scratch is gone");
      assertTrue(Files.exists(live.resolve("in-progress")), "y's build is running: its scratch stays");
    }
    assertEquals("keep me", Files.readString(outside.resolve("precious")));
  }

  @Test
  void an_entry_lock_held_by_one_thread_makes_another_thread_wait_instead_of_failing() throws Exception {
    Store store = Store.open(home);
    Store.EntryLock first = store.lock("x-1-abc");
    assertTrue(store.tryLock("x-1-abc").isEmpty());
    boolean[] waited = new boolean[1];
    Thread other = new Thread(() -> {
      try (Store.EntryLock second = store.lock("x-1-abc")) {
        waited[0] = second.waited();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    other.start();
    Thread.sleep(300);
    assertTrue(other.isAlive(), "the second thread waits while the first holds the lock");
    first.close();
    other.join(10_000);
    assertFalse(other.isAlive());
    assertTrue(waited[0]);
  }

  @Test
  void sweep_leaves_the_scratch_of_a_build_running_in_another_process() throws Exception {
    Store store = Store.open(home);
    Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LiveBuild.class.getName(), home.toString(), "y-1-def").start();
    try {
      Path live = Path.of(new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream())).readLine());
      Path abandoned = store.newWorkDir("x-1-abc");

      store.sweepInBackground();
      assertTrue(store.trash().awaitIdle(Duration.ofSeconds(30)));

      assertTrue(Files.exists(live.resolve("in-progress")), "the other process's build holds its lock: its scratch stays");
      assertFalse(Files.exists(abandoned));
    } finally {
      other.destroyForcibly();
      other.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A build in progress in another JVM: holds its entry's lock and scratch directory until killed. */
  public static final class LiveBuild {
    @SuppressWarnings("try") // the lock is held for its scope, never read
    public static void main(String[] args) throws Exception {
      Store store = Store.open(Path.of(args[0]));
      try (Store.EntryLock lock = store.lock(args[1])) {
        Path work = store.newWorkDir(args[1]);
        Files.writeString(work.resolve("in-progress"), "...");
        System.out.println(work);
        System.out.flush();
        Thread.sleep(120_000);
      }
    }
  }
}
