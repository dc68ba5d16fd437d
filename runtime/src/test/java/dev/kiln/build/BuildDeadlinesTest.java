package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.fetch.FetchListener;
import dev.kiln.fetch.Fetcher;
import dev.kiln.model.BuildLimits;
import dev.kiln.model.Limits;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.Step;
import dev.kiln.plan.Plan;
import dev.kiln.plan.Planner;
import dev.kiln.sandbox.LimitEnforcer;
import dev.kiln.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeouts and resource limits of real builds in real bubblewrap containers. */
class BuildDeadlinesTest {
  @TempDir Path dir;
  private Store store;

  @BeforeEach
  void setUp() throws Exception {
    store = Store.open(dir.resolve("home"));
  }

  private void build(Package pkg, BuildLimits defaults) throws Exception {
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), List.of(pkg));
    Plan plan = Planner.plan(recipe, List.of(pkg.name()));
    Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
    Builder builder = new Builder(store, fetcher, BuildListener.silent(), 2, defaults);
    new Scheduler(store, builder, BuildListener.silent()).run(recipe, plan);
  }

  private static BuildLimits timeouts(Duration timeout, Duration maxSilent) {
    return new BuildLimits(Optional.ofNullable(timeout), Optional.ofNullable(maxSilent), Limits.NONE);
  }

  private static BuildLimits resources(Limits limits) {
    return new BuildLimits(Optional.empty(), Optional.empty(), limits);
  }

  /** Builds {@code pkg}, which must fail; checks that it failed in under {@code within}, storing nothing. */
  private BuildFailedException fails(Package pkg, BuildLimits defaults, Duration within) throws Exception {
    long start = System.nanoTime();
    BuildFailedException e = assertThrows(BuildFailedException.class, () -> build(pkg, defaults));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(within) < 0, "took " + took);
    assertFalse(store.contains(e.pkg().storeName()));
    try (var entries = Files.list(store.home().resolve("store"))) {
      assertEquals(0, entries.filter(p -> p.getFileName().toString().startsWith(pkg.name() + "-")).count(),
          "no partial store entry");
    }
    return e;
  }

  private static String lastLine(Path log) throws Exception {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return lines.get(lines.size() - 1);
  }

  /** Whether a process of ours runs {@code command} (the build's, which must be gone once it stopped). */
  private static boolean running(String command) {
    return ProcessHandle.allProcesses()
        .anyMatch(p -> p.info().commandLine().map(c -> c.equals(command)).orElse(false));
  }

  @Test
  void a_build_past_its_timeout_is_killed_with_its_container_and_its_log_says_so() throws Exception {
    Package slow = Package.builder("slow", "1").step(new Step.Sh("echo started; sleep 61.5"))
        .limits(timeouts(Duration.ofSeconds(2), null)).build();
    BuildFailedException e = fails(slow, BuildLimits.NONE, Duration.ofSeconds(15));
    assertTrue(e.getMessage().startsWith("slow 1 was stopped after 2"), e.getMessage());
    assertTrue(e.getMessage().endsWith(" in phase build, step `echo started; sleep 61.5`: the build's timeout is 2 s"),
        e.getMessage());
    String log = Files.readString(e.log(), StandardCharsets.UTF_8);
    assertTrue(log.contains("started\n"), log);
    assertTrue(lastLine(e.log()).matches("kiln: stopped after 2(\\.\\d)? s: the build's timeout is 2 s"), log);
    assertFalse(running("sleep 61.5"), "the build's processes died with its container");
    assertTrue(Files.exists(FailedBuilds.dirOf(store, e.pkg().storeName())), "kept for kiln debug like a failure");
  }

  @Test
  void a_build_silent_past_max_silent_is_stopped_while_one_that_keeps_writing_is_not() throws Exception {
    Package chatty = Package.builder("chatty", "1")
        .step(new Step.Sh("for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.5; done; mkdir -p $out"))
        .limits(timeouts(null, Duration.ofSeconds(2))).build();
    build(chatty, BuildLimits.NONE);

    Package quiet = Package.builder("quiet", "1").step(new Step.Sh("echo once; sleep 62.5"))
        .limits(timeouts(null, Duration.ofSeconds(2))).build();
    BuildFailedException e = fails(quiet, BuildLimits.NONE, Duration.ofSeconds(15));
    assertTrue(e.getMessage().endsWith(": the build wrote nothing to its log for 2 s, its max_silent"), e.getMessage());
    assertTrue(lastLine(e.log()).startsWith("kiln: stopped after 2"), lastLine(e.log()));
    assertFalse(running("sleep 62.5"));
  }

  @Test
  void the_run_wide_timeout_applies_to_a_package_that_says_none() throws Exception {
    Package slow = Package.builder("slow", "1").step(new Step.Sh("sleep 63.5")).build();
    BuildFailedException e = fails(slow, timeouts(Duration.ofSeconds(1), null), Duration.ofSeconds(15));
    assertTrue(e.getMessage().endsWith("the build's timeout is 1 s"), e.getMessage());
  }

  /**
   * Skips a test of which limit a build hit where kiln cannot tell: on a host that cannot enforce limits,
   * or that does through systemd (whose scope is gone when the build ends).
   */
  private static void assumeLimitsAreReadBack(Limits limits) throws Exception {
    try {
      LimitEnforcer.Wrapping wrapping = LimitEnforcer.forLimits(limits, "test");
      wrapping.cleanUp();
      assumeTrue(wrapping.tellsWhichLimit(), "limits are enforced through systemd here, which does not say which was hit");
    } catch (LimitEnforcer.UnsupportedException e) {
      assumeTrue(false, e.getMessage());
    }
  }

  @Test
  void a_build_over_its_memory_limit_fails_naming_the_limit() throws Exception {
    assumeLimitsAreReadBack(new Limits(64L << 20, 0));
    Package hog = Package.builder("hog", "1").step(new Step.Sh("head -c 200M /dev/zero | tail > /dev/null"))
        .limits(resources(new Limits(64L << 20, 0))).build();
    BuildFailedException e = fails(hog, BuildLimits.NONE, Duration.ofSeconds(60));
    assertTrue(e.getMessage().endsWith(": the build ran into its memory limit of 64 MiB"), e.getMessage());
    assertEquals("kiln: the build ran into its memory limit of 64 MiB", lastLine(e.log()));
  }

  @Test
  void a_fork_bomb_fails_at_its_tasks_limit_and_leaves_nothing_running() throws Exception {
    assumeLimitsAreReadBack(new Limits(0, 32));
    Package bomb = Package.builder("bomb", "1").step(new Step.Sh("for i in $(seq 200); do sleep 64.5 & done; wait"))
        .limits(resources(new Limits(0, 32))).build();
    BuildFailedException e = fails(bomb, BuildLimits.NONE, Duration.ofSeconds(30));
    assertTrue(e.getMessage().endsWith(": the build ran into its limit of 32 tasks (processes and threads)"),
        e.getMessage());
    assertFalse(running("sleep 64.5"));
  }

  @Test
  void a_build_within_its_limits_is_stored() throws Exception {
    Package fine = Package.builder("fine", "1").step(new Step.Sh("mkdir -p $out; head -c 8M /dev/zero | tail | wc -c > $out/n"))
        .limits(new BuildLimits(Optional.of(Duration.ofMinutes(1)), Optional.of(Duration.ofMinutes(1)),
            new Limits(64L << 20, 32))).build();
    build(fine, BuildLimits.NONE);
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), List.of(fine));
    String entry = Planner.plan(recipe, List.of("fine")).targets().get(0).storeName();
    assertEquals("8388608", Files.readString(store.entry(entry).resolve("n")).trim());
  }
}
