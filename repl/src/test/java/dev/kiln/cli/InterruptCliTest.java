package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM and SIGINT end a run within a second, say what they stopped, and leave nothing for later to trip on. */
class InterruptCliTest {
  @TempDir Path dir;

  /** 100,000 empty files in the build directory and as many in the output: minutes to delete on a slow disk. */
  private static final String MANY = """
      package "many", "1" do
        build do
          sh "mkdir scratch && cd scratch && seq 100000 | xargs touch"
          sh "mkdir -p #{prefix}/files && cd #{prefix}/files && seq 100000 | xargs touch"
          sh "echo made-them-all"
        end
      end
      """;

  private static final String SLOW = """
      package "slow", "1" do
        build do
          sh "echo build-started"
          sh "sleep 37"
          sh "mkdir -p #{prefix}"
        end
      end
      """;

  private static final String QUICK = """
      package "quick", "1" do
        build do
          sh "mkdir -p #{prefix} && echo hi > #{prefix}/hi"
        end
      end
      """;

  private Path home() {
    return dir.resolve("home");
  }

  private List<Path> files(String sub) throws Exception {
    Path root = home().resolve(sub);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !Files.isDirectory(p)).toList();
    }
  }

  private void awaitLogLine(String line, Duration limit) throws Exception {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      for (Path log : files("logs")) {
        if (Files.readString(log).contains(line)) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the build never printed " + line);
  }

  /** Sends {@code signal} and returns how long kiln took to exit. */
  private static Duration signalAndWait(Process kiln, String signal) throws Exception {
    long start = System.nanoTime();
    new ProcessBuilder("kill", "-" + signal, Long.toString(kiln.pid())).start();
    assertTrue(kiln.waitFor(30, TimeUnit.SECONDS), "kiln did not exit");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("kiln answered SIG" + signal + " in " + took.toMillis() + " ms");
    return took;
  }

  @Test
  void sigterm_after_a_build_of_100000_files_exits_within_a_second_and_the_next_run_sweeps_tmp() throws Exception {
    Path recipe = Files.writeString(dir.resolve("many.rb"), MANY);
    Path out = dir.resolve("kiln.out");
    Process kiln = Kiln.start(out, "run", "--home", home().toString(), recipe.toString());
    awaitLogLine("made-them-all", Duration.ofSeconds(120));
    Thread.sleep(100); // the container is ending or has ended: kiln audits, commits and cleans up 200,000 files

    Duration took = signalAndWait(kiln, "TERM");

    String said = Files.readString(out);
    assertTrue(took.toMillis() < 1000, "kiln took " + took.toMillis() + " ms to answer SIGTERM:\n" + said);
    assertEquals(143, kiln.exitValue(), said);
    assertTrue(said.contains("kiln: interrupted: stopped many 1; 0 of 1 built"), said);
    assertEquals(List.of(), files("store"), "no store entry: the commit was stopped");

    Path quick = Files.writeString(dir.resolve("quick.rb"), QUICK);
    Kiln.Result next = Kiln.run("run", "--home", home().toString(), quick.toString());
    assertEquals(0, next.exit(), next.toString());
    assertTrue(Store.open(home()).trash().awaitIdle(Duration.ofSeconds(300)), "the sweep never finished");
    try (Stream<Path> tmp = Files.list(home().resolve("tmp"))) {
      assertEquals(List.of(), tmp.toList(), "the killed run's scratch is swept");
    }
    assertEquals(List.of(), files("trash"), "the trash is emptied");
  }

  @Test
  void sigterm_during_a_running_build_exits_within_a_second_with_a_summary_and_no_entry() throws Exception {
    Path recipe = Files.writeString(dir.resolve("slow.rb"), SLOW);
    Path out = dir.resolve("kiln.out");
    Process kiln = Kiln.start(out, "run", "--home", home().toString(), recipe.toString());
    awaitLogLine("build-started", Duration.ofSeconds(60));
    List<ProcessHandle> container = kiln.descendants().toList();

    Duration took = signalAndWait(kiln, "TERM");

    String said = Files.readString(out);
    assertTrue(took.toMillis() < 1000, "kiln took " + took.toMillis() + " ms to answer SIGTERM:\n" + said);
    assertEquals(143, kiln.exitValue(), said);
    assertTrue(said.contains("kiln: interrupted: stopped slow 1; 0 of 1 built; logs are kept"), said);
    assertEquals(List.of(), files("store"), "no store entry");
    for (ProcessHandle p : container) {
      p.onExit().get(5, TimeUnit.SECONDS); // the container died with the build
    }
  }

  @Test
  void sigint_during_a_running_build_exits_within_a_second_with_status_130() throws Exception {
    Path recipe = Files.writeString(dir.resolve("slow.rb"), SLOW);
    Path out = dir.resolve("kiln.out");
    Process kiln = Kiln.start(out, "run", "--home", home().toString(), recipe.toString());
    awaitLogLine("build-started", Duration.ofSeconds(60));

    Duration took = signalAndWait(kiln, "INT");

    String said = Files.readString(out);
    assertTrue(took.toMillis() < 1000, "kiln took " + took.toMillis() + " ms to answer SIGINT:\n" + said);
    assertEquals(Main.INTERRUPTED, kiln.exitValue(), said);
    assertTrue(said.contains("kiln: interrupted: stopped slow 1"), said);
    assertEquals(List.of(), files("store"), "no store entry");
  }
}
