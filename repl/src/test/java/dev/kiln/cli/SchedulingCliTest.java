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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln run with slots: failures, logs, kiln debug, Ctrl-C and the timeline, against real containers. */
class SchedulingCliTest {
  @TempDir Path dir;

  private static final String MIXED = """
      package "base", "1" do
        build { sh "mkdir -p #{prefix} && echo base > #{prefix}/base" }
      end
      package "bad", "1" do
        depends_on "base"
        build do
          sh "echo half-built > half.txt"
          sh "mkdir -p #{prefix} && echo partial > #{prefix}/partial"
          sh "echo the linker broke >&2; exit 9"
          sh "echo never reached"
        end
      end
      package "user", "1" do
        depends_on "bad"
        build { sh "mkdir -p #{prefix}" }
      end
      package "side", "1" do
        depends_on "base"
        build { sh "sleep 0.5; mkdir -p #{prefix}" }
      end
      """;

  private static final String SLOW = """
      package "slow", "1" do
        build do
          sh "echo build-started"
          sh "sleep 60"
          sh "mkdir -p #{prefix}"
        end
      end
      package "slower", "1" do
        build do
          sh "echo build-started"
          sh "sleep 61"
          sh "mkdir -p #{prefix}"
        end
      end
      """;

  private Path home() {
    return dir.resolve("home");
  }

  private Path recipe(String text) throws Exception {
    return Files.writeString(dir.resolve("recipe.rb"), text);
  }

  private List<String> list(String sub) throws Exception {
    try (var s = Files.list(home().resolve(sub))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void keep_going_reports_the_failing_step_builds_the_rest_and_draws_a_timeline() throws Exception {
    Path file = recipe(MIXED);
    Path timeline = dir.resolve("run.html");
    Kiln.Result r = Kiln.run("run", "--home", home().toString(), "--slots", "2", "--keep-going",
        "--timeline", timeline.toString(), file.toString());
    assertEquals(Main.BUILD_FAILED, r.exit(), r.toString());
    assertTrue(r.err().contains("bad 1 failed to build (exit status 9) in phase build, step `echo the linker broke >&2; exit 9`"), r.err());
    assertTrue(r.err().contains("  the linker broke"), r.err());
    assertTrue(r.err().contains("full log: " + home() + "/logs/bad-1-"), r.err());
    assertTrue(r.err().contains("kiln debug bad"), r.err());
    assertTrue(r.err().contains("1 not built because an input failed: user 1"), r.err());
    List<String> built = list("store").stream().map(n -> n.substring(0, n.indexOf('-'))).toList();
    assertEquals(List.of("base", "side"), built);

    String html = Files.readString(timeline);
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg"), html);
    for (String pkg : List.of("base", "bad", "side")) {
      assertTrue(html.contains("data-package=\"" + pkg + "\""), pkg + " has a bar: " + html);
    }
    assertFalse(html.contains("data-package=\"user\""), "user never ran");
    assertTrue(html.contains("class=\"bar failed\" data-package=\"bad\""), html);
  }

  @Test
  void the_timeline_marks_the_chain_that_decided_the_runs_length() throws Exception {
    Path file = recipe("""
        package "a", "1" do
          build { sh "sleep 0.3; mkdir -p #{prefix}" }
        end
        package "b", "1" do
          depends_on "a"
          build { sh "sleep 0.3; mkdir -p #{prefix}" }
        end
        package "quick", "1" do
          build { sh "mkdir -p #{prefix}" }
        end
        """);
    Path svg = dir.resolve("run.svg");
    Kiln.Result r = Kiln.run("run", "--home", home().toString(), "-J", "2", "--timeline", svg.toString(), file.toString());
    assertEquals(0, r.exit(), r.toString());
    String text = Files.readString(svg);
    assertTrue(text.startsWith("<svg"), text);
    assertEquals(List.of("a", "b"), critical(text), text);
    assertTrue(text.contains("data-package=\"quick\" data-slot=\""), text);
  }

  private static List<String> critical(String svg) {
    Matcher m = Pattern.compile("data-package=\"([^\"]+)\" data-slot=\"\\d+\" data-critical=\"true\"").matcher(svg);
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void log_prints_a_packages_log_and_debug_runs_a_command_where_the_failed_step_left_the_sources() throws Exception {
    Path file = recipe(MIXED);
    assertEquals(Main.BUILD_FAILED, Kiln.run("run", "--home", home().toString(), file.toString()).exit());

    Kiln.Result log = Kiln.run("log", "--home", home().toString(), "-f", file.toString(), "bad");
    assertEquals(0, log.exit(), log.toString());
    assertTrue(log.out().contains("==> build: echo the linker broke >&2; exit 9\nthe linker broke\n"), log.out());

    Path out = dir.resolve("debug.out");
    Process debug = Kiln.start(out, "debug", "--home", home().toString(), "-f", file.toString(), "bad", "--",
        "/bin/sh", "-c", "cat half.txt; cat $out/partial; cat $HISTFILE; exit 5");
    assertTrue(debug.waitFor(60, TimeUnit.SECONDS));
    String said = Files.readString(out);
    assertEquals(5, debug.exitValue(), said);
    assertTrue(said.contains("half-built\npartial\necho the linker broke >&2; exit 9\n"), said);
  }

  @Test
  void debug_without_a_command_opens_a_shell_in_the_failed_build() throws Exception {
    Path file = recipe(MIXED);
    assertEquals(Main.BUILD_FAILED, Kiln.run("run", "--home", home().toString(), file.toString()).exit());

    Path out = dir.resolve("shell.out");
    Process debug = Kiln.start(out, "debug", "--home", home().toString(), "-f", file.toString(), "bad");
    try (var typed = debug.getOutputStream()) {
      typed.write("cat half.txt; exit 7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertTrue(debug.waitFor(60, TimeUnit.SECONDS));
    String said = Files.readString(out);
    assertEquals(7, debug.exitValue(), said);
    assertTrue(said.contains("half-built"), said);
    assertFalse(said.contains("invalid option"), said);
  }

  @Test
  void debug_says_when_no_failed_build_is_kept() throws Exception {
    Path file = recipe(MIXED);
    Kiln.Result r = Kiln.run("debug", "--home", home().toString(), "-f", file.toString(), "side", "--", "true");
    assertEquals(Main.BUILD_FAILED, r.exit(), r.toString());
    assertTrue(r.err().contains("no failed build of side 1 is kept"), r.err());
  }

  @Test
  void ctrl_c_stops_every_build_removes_their_scratch_and_keeps_their_logs() throws Exception {
    Path file = recipe(SLOW);
    Process kiln = Kiln.start(dir.resolve("kiln.out"), "run", "--home", home().toString(), "-J", "2", file.toString());
    awaitLogs(2, "build-started", Duration.ofSeconds(60));
    List<ProcessHandle> children = kiln.descendants().toList();
    assertFalse(children.isEmpty());

    new ProcessBuilder("kill", "-INT", Long.toString(kiln.pid())).start().waitFor();
    assertTrue(kiln.waitFor(30, TimeUnit.SECONDS));

    String said = Files.readString(dir.resolve("kiln.out"));
    assertEquals(Main.INTERRUPTED, kiln.exitValue(), said);
    assertTrue(said.contains("interrupted"), said);
    assertEquals(List.of(), list("store"), "no entry");
    assertEquals(List.of(), list("tmp"), "no scratch directory left: " + said);
    assertEquals(2, list("logs").size(), "both logs kept");
    for (ProcessHandle child : children) {
      child.onExit().get(10, TimeUnit.SECONDS); // every container process ended
    }
  }

  private void awaitLogs(int count, String line, Duration limit) throws Exception {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      if (Files.isDirectory(home().resolve("logs"))) {
        long started = 0;
        for (String log : list("logs")) {
          started += Files.readString(home().resolve("logs").resolve(log)).contains(line) ? 1 : 0;
        }
        if (started >= count) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(count + " builds never printed " + line);
  }
}
