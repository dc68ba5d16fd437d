package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to the store when kiln processes are killed or run side by side. */
class ProcessSafetyTest {
  @TempDir Path dir;

  private static final String SLOW = """
      package "slow", "1" do
        build do
          sh "echo build-started"
          sh "sleep 4"
          sh "mkdir -p #{prefix} && echo done > #{prefix}/done"
        end
      end
      """;

  private static List<Path> entries(Path home) throws Exception {
    try (var s = Files.list(home.resolve("store"))) {
      return s.toList();
    }
  }

  private static Path logOf(Path home) throws Exception {
    if (!Files.isDirectory(home.resolve("logs"))) {
      return null; // kiln has not opened the store yet
    }
    try (var s = Files.list(home.resolve("logs"))) {
      return s.findFirst().orElse(null);
    }
  }

  private static void awaitLogLine(Path home, String line, Duration limit) throws Exception {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      Path log = logOf(home);
      if (log != null && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the build never printed " + line);
  }

  @Test
  void sigkill_during_a_build_leaves_no_entry_keeps_the_log_and_the_next_run_recovers() throws Exception {
    Path recipe = Files.writeString(dir.resolve("recipe.rb"), SLOW);
    Path home = dir.resolve("home");
    Process kiln = Kiln.start(dir.resolve("first.out"), "run", "--home", home.toString(), recipe.toString());
    awaitLogLine(home, "build-started", Duration.ofSeconds(60));

    kiln.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    assertTrue(kiln.waitFor(10, TimeUnit.SECONDS));

    assertEquals(List.of(), entries(home), "no store entry after a killed build");
    assertTrue(Files.readString(logOf(home)).contains("build-started"), "the log is kept");
    assertFalse(sleepStillRunning(), "the build's processes died with kiln");

    Kiln.Result again = Kiln.run("run", "--home", home.toString(), recipe.toString());
    assertEquals(0, again.exit(), again.toString());
    assertEquals(1, entries(home).size());
    assertEquals("done\n", Files.readString(entries(home).get(0).resolve("done")));
    try (var tmp = Files.list(home.resolve("tmp"))) {
      assertEquals(0, tmp.count(), "the killed build's scratch directory was cleaned up");
    }
  }

  /** bwrap --die-with-parent kills the container when kiln dies; give the kernel a moment. */
  private static boolean sleepStillRunning() throws Exception {
    for (int i = 0; i < 40; i++) {
      boolean running = ProcessHandle.allProcesses()
          .anyMatch(p -> p.info().commandLine().orElse("").equals("sleep 4"));
      if (!running) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Test
  void two_kiln_processes_on_one_store_build_an_entry_once() throws Exception {
    Path recipe = Files.writeString(dir.resolve("recipe.rb"), SLOW);
    Path home = dir.resolve("home");
    Process a = Kiln.start(dir.resolve("a.out"), "run", "--home", home.toString(), recipe.toString());
    Process b = Kiln.start(dir.resolve("b.out"), "run", "--home", home.toString(), recipe.toString());
    assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
    String said = Files.readString(dir.resolve("a.out")) + Files.readString(dir.resolve("b.out"));
    assertEquals(0, a.exitValue(), said);
    assertEquals(0, b.exitValue(), said);
    assertEquals(1, said.split("built in", -1).length - 1, "exactly one process built it:\n" + said);
    assertEquals(1, entries(home).size());
    assertEquals("done\n", Files.readString(entries(home).get(0).resolve("done")));
    assertEquals(1, Files.readString(logOf(home)).split("kiln: building", -1).length - 1, "one build wrote the log");
  }
}
