package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln shell and container(...).run end to end, with real bwrap, kiln as its own process where signals matter. */
class ContainerShellTest {
  @TempDir Path dir;

  private String home() {
    return dir.resolve("home").toString();
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Test
  void shell_applies_hostname_workdir_ro_bind_tmpfs_and_env_and_returns_the_commands_status() throws Exception {
    Path recipe = Box.write(dir, "");
    Path log = dir.resolve("shell.out");
    Process kiln = Kiln.start(log, "shell", "--home", home(), "-f", recipe.toString(), "box", "--", "sh", "-c",
        "cat /proc/sys/kernel/hostname; echo \"pwd=$PWD\"; cat f; touch /scratch/x && echo scratch-writable;"
            + " touch /data/y 2>/dev/null || echo data-read-only; echo \"greeting=$GREETING\"; tool; exit 7");
    assertTrue(kiln.waitFor(180, TimeUnit.SECONDS), read(log));
    String out = read(log);
    assertEquals(7, kiln.exitValue(), out);
    for (String line : new String[] {"boxhost", "pwd=/data", "from the host", "scratch-writable", "data-read-only",
        "greeting=hi", "tool ran"}) {
      assertTrue(out.contains(line + "\n"), "missing " + line + " in:\n" + out);
    }
    assertFalse(Files.exists(dir.resolve("data/y")));
  }

  @Test
  void sigterm_to_kiln_reaches_the_command_which_exits_and_leaves_nothing_running() throws Exception {
    Path recipe = Box.write(dir, "");
    Path log = dir.resolve("shell.out");
    Process kiln = Kiln.start(log, "shell", "--home", home(), "-f", recipe.toString(), "box", "--", "sh", "-c",
        "trap 'echo got-term; exit 42' TERM; echo ready; while :; do sleep 0.1; done");
    awaitLine(log, "ready", Duration.ofSeconds(180));
    kiln.destroy(); // SIGTERM to kiln
    assertTrue(kiln.waitFor(30, TimeUnit.SECONDS), read(log));
    assertEquals(42, kiln.exitValue(), read(log));
    assertTrue(read(log).contains("got-term"), read(log));
    assertFalse(containerOf(home()), "a container outlived kiln");
  }

  @Test
  void a_script_runs_commands_in_a_container_after_evaluation_printing_output_and_status() throws Exception {
    Path recipe = Box.write(dir, "");
    Path script = Files.writeString(dir.resolve("script.rb"), """
        load "recipe.rb"
        container("box").run("sh", "-c", "echo first run")
        container("box").run("sh", "-c", "echo second run; exit 3")
        """);
    Kiln.Result r = Kiln.run("run", "--home", home(), script.toString());
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().contains("first run\nsecond run\n"), r.toString());
    assertTrue(r.err().matches("(?s).*script\\.rb:2: sh -c echo first run in container box: exit 0\n.*"), r.err());
    assertTrue(r.err().matches("(?s).*script\\.rb:3: sh -c echo second run; exit 3 in container box: exit 3\n.*"), r.err());
  }

  @Test
  void limits_are_enforced_or_kiln_says_clearly_that_this_host_cannot() throws Exception {
    Path recipe = Box.write(dir, """
        container "small", stage: :final, packages: %w[tool] do
          limits memory: "64M", pids: 8
        end
        """);
    Path log = dir.resolve("shell.out");
    Process kiln = Kiln.start(log, "shell", "--home", home(), "-f", recipe.toString(), "small", "--", "sh", "-c",
        "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 2 & done 2>/dev/null; wait; echo spawned");
    assertTrue(kiln.waitFor(180, TimeUnit.SECONDS), read(log));
    String out = read(log);
    if (out.contains("cannot enforce them")) {
      assertEquals(1, kiln.exitValue(), out);
      assertTrue(out.contains("kiln: error: container \"small\" asks for limits (memory 64 MiB, 8 tasks) but this host"
          + " cannot enforce them: systemd-run --scope failed ("), out);
      assertFalse(out.contains("spawned"), "nothing ran unlimited");
    } else {
      // The loop's fork errors go to /dev/null; the shell gives up at the first, so it never says "spawned".
      assertFalse(out.contains("spawned"), "the pids limit held:\n" + out);
      assertTrue(kiln.exitValue() != 0, out);
    }
  }

  static boolean containerOf(String home) throws InterruptedException {
    for (int i = 0; i < 40; i++) {
      boolean running = ProcessHandle.allProcesses()
          .anyMatch(p -> p.info().commandLine().map(c -> c.startsWith("bwrap") && c.contains(home)).orElse(false));
      if (!running) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  static void awaitLine(Path log, String line, Duration limit) throws Exception {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      if (read(log).contains(line + "\n")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never printed " + line + ":\n" + read(log));
  }
}
