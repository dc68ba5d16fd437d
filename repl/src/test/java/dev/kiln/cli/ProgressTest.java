package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.build.BuildTimes;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.Step;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.plan.Planner;
import dev.kiln.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run prints: a status block on a terminal, plain lines elsewhere, nothing but failures when quiet. */
class ProgressTest {
  @TempDir Path dir;

  private List<PlannedPackage> packages() throws Exception {
    List<Package> list = List.of(Package.builder("one", "1").step(new Step.Sh("true")).build(),
        Package.builder("two", "1").step(new Step.Sh("true")).build());
    return Planner.plan(Recipe.of(dir.resolve("r.rb"), list), List.of()).buildOrder();
  }

  private String drive(Progress.Verbosity verbosity, int width) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<PlannedPackage> pkgs = packages();
    BuildTimes times = BuildTimes.inMemory();
    times.record(pkgs.get(1), Duration.ofSeconds(90));
    try (Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        Store.open(dir.resolve("home")), verbosity, times, 2, width)) {
      progress.planned(2, 0);
      progress.started(pkgs.get(0), 1, 2);
      progress.started(pkgs.get(1), 2, 2);
      progress.finished(pkgs.get(0), Duration.ofMillis(1500));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_terminal_gets_a_status_block_with_counts_running_builds_and_time_left() throws Exception {
    String out = drive(Progress.Verbosity.NORMAL, 100);
    assertTrue(out.contains("\033["), "redrawn in place");
    assertTrue(out.contains("kiln: 1/2 done, 1 building"), out);
    assertTrue(out.contains("[2/2] two 1 ("), "the running build is listed: " + out);
    assertTrue(out.contains("left"), "an estimate from two's earlier time: " + out);
    assertTrue(out.contains("[1/2] one 1 (") && out.contains("built in 1.5 s"), out);
  }

  @Test
  void plain_output_has_one_line_per_event_and_no_escapes() throws Exception {
    String out = drive(Progress.Verbosity.NORMAL, 0);
    assertFalse(out.contains("\033"), out);
    assertEquals(List.of("kiln: 2 to build, 0 up to date"), out.lines().filter(l -> l.startsWith("kiln:")).toList());
    assertTrue(out.contains("built in 1.5 s"), out);
  }

  @Test
  void quiet_prints_nothing_for_a_successful_build() throws Exception {
    assertEquals("", drive(Progress.Verbosity.QUIET, 100));
  }

  @Test
  void clock_shows_minutes_and_seconds_then_hours() {
    assertEquals("1:05", Progress.clock(Duration.ofSeconds(65)));
    assertEquals("1:00:01", Progress.clock(Duration.ofSeconds(3601)));
  }
}
