package dev.kiln.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path home;

  @Test
  void commit_normalises_mtimes_and_drops_write_permission() throws Exception {
    Store store = Store.open(home);
    Path work = store.newWorkDir("x-1.0-abc");
    Path out = Files.createDirectories(work.resolve("out/bin"));
    Path tool = Files.writeString(out.resolve("tool"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(out.resolve("alias"), Path.of("tool"));

    Path entry = store.commit(work.resolve("out"), "x-1.0-abc");

    assertTrue(store.contains("x-1.0-abc"));
    assertEquals(Store.SOURCE_DATE_EPOCH, Files.getLastModifiedTime(entry.resolve("bin/tool")).to(TimeUnit.SECONDS));
    assertEquals(Store.SOURCE_DATE_EPOCH,
        Files.getLastModifiedTime(entry.resolve("bin/alias"), LinkOption.NOFOLLOW_LINKS).to(TimeUnit.SECONDS));
    assertEquals(Store.SOURCE_DATE_EPOCH, Files.getLastModifiedTime(entry.resolve("bin")).to(TimeUnit.SECONDS));
    assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.resolve("bin/tool"))));
    assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.resolve("bin"))));
  }

  @Test
  void abandoned_work_of_an_entry_is_removed_and_others_are_kept() throws Exception {
    Store store = Store.open(home);
    Path mine = store.newWorkDir("x-1.0-abc");
    Files.writeString(mine.resolve("half-written"), "...");
    Path other = store.newWorkDir("y-1.0-def");

    store.removeAbandonedWork("x-1.0-abc");

    assertFalse(Files.exists(mine));
    assertTrue(Files.exists(other));
  }

  @Test
  void delete_recursively_removes_read_only_trees() throws Exception {
    Store store = Store.open(home);
    Path work = store.newWorkDir("z-1-a");
    Files.createDirectories(work.resolve("out/deep/er"));
    Files.writeString(work.resolve("out/deep/er/f"), "x");
    Path entry = store.commit(work.resolve("out"), "z-1-a");
    Trees.deleteRecursively(entry);
    assertFalse(Files.exists(entry));
  }

  @Test
  void a_second_process_waits_for_the_entry_lock() throws Exception {
    Store store = Store.open(home);
    Store.EntryLock held = store.lock("x-1.0-abc");
    assertFalse(held.waited());
    // A different process: file locks are per process, so a thread could not show this.
    Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), home.toString(), "x-1.0-abc")
        .redirectErrorStream(true).start();
    try {
      assertFalse(other.waitFor(1500, TimeUnit.MILLISECONDS), "the other process got the lock while we held it");
    } finally {
      held.close();
    }
    assertTrue(other.waitFor(30, TimeUnit.SECONDS), "the other process never got the lock");
    String said = new String(other.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("locked after waiting\n", said);
  }

  /** Takes an entry lock in a separate JVM and says whether it had to wait. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      try (Store.EntryLock lock = Store.open(Path.of(args[0])).lock(args[1])) {
        System.out.println(lock.waited() ? "locked after waiting" : "locked at once");
      }
    }
  }
}
