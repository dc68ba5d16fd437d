package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.model.Limits;
import dev.kiln.sandbox.LimitEnforcer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts and limits of builds, from the recipe and the command line, end to end. */
class BuildLimitsCliTest {
  @TempDir Path dir;

  private Path recipe(String text) throws Exception {
    return Files.writeString(dir.resolve("recipe.rb"), text);
  }

  private String home() {
    return dir.resolve("home").toString();
  }

  private long storeEntries() throws Exception {
    Path store = dir.resolve("home/store");
    if (!Files.isDirectory(store)) {
      return 0;
    }
    try (var entries = Files.list(store)) {
      return entries.count();
    }
  }

  @Test
  void run_timeout_stops_a_slow_build_exits_1_and_keeps_its_log() throws Exception {
    Path file = recipe("""
        package "slow", "1" do
          build { sh "echo working; sleep 120" }
        end
        """);
    long start = System.nanoTime();
    Kiln.Result r = Kiln.run("run", "--home", home(), "--timeout", "2s", file.toString());
    double secs = (System.nanoTime() - start) / 1e9;
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("kiln: error: slow 1 was stopped after 2"), r.err());
    assertTrue(r.err().contains("in phase build, step `echo working; sleep 120`: the build's timeout is 2 s"), r.err());
    assertTrue(r.err().matches("(?s).*\n  kiln: stopped after 2(\\.\\d)? s: the build's timeout is 2 s\n.*"), r.err());
    assertTrue(secs < 90, "took " + secs + " s: stopped long before its sleep ended");
    assertEquals(0, storeEntries(), "nothing stored");
    try (var logs = Files.list(dir.resolve("home/logs"))) {
      assertTrue(logs.anyMatch(l -> l.getFileName().toString().startsWith("slow-1-")), "the log is kept");
    }
  }

  @Test
  void a_recipes_memory_limit_fails_the_build_naming_it() throws Exception {
    // Only kiln's own cgroups say which limit was hit; a systemd scope is gone when the build ends.
    try {
      LimitEnforcer.Wrapping wrapping = LimitEnforcer.forLimits(new Limits(64L << 20, 0), "test");
      wrapping.cleanUp();
      assumeTrue(wrapping.tellsWhichLimit(), "limits go through systemd here");
    } catch (LimitEnforcer.UnsupportedException e) {
      assumeTrue(false, e.getMessage());
    }
    Path file = recipe("""
        package "hog", "1", limits: { memory: "64M" } do
          build { sh "head -c 200M /dev/zero | tail > /dev/null" }
        end
        """);
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains(": the build ran into its memory limit of 64 MiB\n"), r.err());
    assertEquals(0, storeEntries(), "nothing stored");
  }

  @Test
  void a_timeout_that_is_not_a_duration_is_a_usage_error() {
    Kiln.Result r = Kiln.run("run", "--home", home(), "--max-silent", "ten", "recipe.rb");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("duration ten is not like 90, \"90s\", \"10m\""), r.err());
  }
}
