package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.fetch.FetchListener;
import dev.kiln.fetch.Fetcher;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.Step;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.plan.Planner;
import dev.kiln.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel scheduler, with real builds in bubblewrap that write down when they ran. */
class SchedulerTest {
  @TempDir Path dir;
  private Store store;

  @BeforeEach
  void setUp() throws Exception {
    store = Store.open(dir.resolve("home"));
  }

  /** A package whose build records its start and end (nanoseconds) in its output. */
  private static Package timed(String name, double seconds, String... deps) {
    Package.Builder b = Package.builder(name, "1");
    for (String dep : deps) {
      b.dependsOn(dep);
    }
    return b.step(new Step.Sh("mkdir -p $out; date +%s%N > $out/start; sleep " + seconds + "; date +%s%N > $out/end"))
        .build();
  }

  private static Package failing(String name) {
    return Package.builder(name, "1").step(new Step.Sh("echo about to fail; exit 4")).build();
  }

  private Plan plan(List<Package> packages) throws Exception {
    return Planner.plan(Recipe.of(dir.resolve("recipe.rb"), packages), List.of());
  }

  private RunReport run(List<Package> packages, Scheduler.Settings settings) throws Exception {
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), packages);
    Plan plan = Planner.plan(recipe, List.of());
    Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
    Builder builder = new Builder(store, fetcher, BuildListener.silent(), 1);
    return new Scheduler(store, builder, BuildListener.silent(), Substituter.NONE, settings, BuildTimes.inMemory())
        .execute(recipe, plan);
  }

  private long stamp(Plan plan, String name, String file) throws Exception {
    PlannedPackage pkg = plan.buildOrder().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    return Long.parseLong(Files.readString(store.entry(pkg.storeName()).resolve(file)).trim());
  }

  private static Map<String, BuildRun.Outcome> outcomes(RunReport report) {
    return report.runs().stream().collect(Collectors.toMap(r -> r.pkg().name(), BuildRun::outcome));
  }

  private List<String> scratch() throws Exception {
    try (var s = Files.list(store.home().resolve("tmp"))) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void independent_packages_build_at_the_same_time_and_dependents_wait_for_all_their_inputs() throws Exception {
    List<Package> packages = List.of(timed("left", 1.5), timed("right", 1.5), timed("top", 0, "left", "right"));
    RunReport report = run(packages, new Scheduler.Settings(2, 2, false));
    assertTrue(report.succeeded());
    assertEquals(3, report.built());
    Plan plan = plan(packages);
    assertTrue(stamp(plan, "left", "start") < stamp(plan, "right", "end")
        && stamp(plan, "right", "start") < stamp(plan, "left", "end"), "the two independent builds overlapped");
    assertTrue(stamp(plan, "top", "start") >= Math.max(stamp(plan, "left", "end"), stamp(plan, "right", "end")),
        "top started after both of its inputs ended");
  }

  @Test
  void one_slot_builds_one_package_at_a_time() throws Exception {
    List<Package> packages = List.of(timed("left", 0.3), timed("right", 0.3));
    assertTrue(run(packages, new Scheduler.Settings(1, 2, false)).succeeded());
    Plan plan = plan(packages);
    assertTrue(stamp(plan, "left", "end") <= stamp(plan, "right", "start")
        || stamp(plan, "right", "end") <= stamp(plan, "left", "start"));
  }

  @Test
  void keep_going_builds_everything_not_waiting_for_the_failed_package() throws Exception {
    List<Package> packages = List.of(failing("broken"), timed("user", 0, "broken"), timed("above", 0, "user"),
        timed("bystander", 0.5));
    RunReport report = run(packages, new Scheduler.Settings(2, 2, true));
    assertFalse(report.succeeded());
    assertEquals(List.of("broken"), report.failures().stream().map(f -> f.pkg().name()).toList());
    assertEquals(4, ((BuildFailedException) report.failures().get(0).cause()).exitCode());
    assertEquals(List.of("user", "above"), report.blocked().stream().map(PlannedPackage::name).toList());
    assertEquals(Map.of("broken", BuildRun.Outcome.FAILED, "bystander", BuildRun.Outcome.BUILT), outcomes(report));
    assertEquals(1, store.entries().size(), "only the bystander is in the store");
  }

  @Test
  void without_keep_going_a_failure_kills_running_builds_and_starts_no_more() throws Exception {
    List<Package> packages = List.of(timed("slow", 60), failing("broken"), timed("waiting", 0));
    RunReport report = run(packages, new Scheduler.Settings(2, 2, false));
    assertEquals(List.of("broken"), report.failures().stream().map(f -> f.pkg().name()).toList());
    assertEquals(Map.of("broken", BuildRun.Outcome.FAILED, "slow", BuildRun.Outcome.CANCELLED), outcomes(report));
    assertEquals(List.of(), store.entries(), "no entry, partial or whole");
    assertEquals(List.of(), scratch(), "the killed build's scratch directory is removed");
    PlannedPackage slow = plan(packages).buildOrder().stream().filter(p -> p.name().equals("slow")).findFirst().orElseThrow();
    assertTrue(Files.isRegularFile(store.logFile(slow.storeName())), "the killed build's log is kept");
  }

  @Test
  void an_interrupt_kills_the_builds_removes_their_scratch_and_keeps_their_logs() throws Exception {
    List<Package> packages = List.of(timed("slow", 60), timed("slower", 90));
    AtomicReference<RunReport> report = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      try {
        report.set(run(packages, new Scheduler.Settings(2, 2, false)));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    runner.start();
    Plan plan = plan(packages);
    for (PlannedPackage pkg : plan.buildOrder()) {
      while (!Files.isRegularFile(store.logFile(pkg.storeName())) || !Files.readString(store.logFile(pkg.storeName())).contains("==> ")) {
        Thread.sleep(20);
      }
    }
    runner.interrupt();
    runner.join();
    assertTrue(report.get().interrupted());
    assertEquals(Map.of("slow", BuildRun.Outcome.CANCELLED, "slower", BuildRun.Outcome.CANCELLED), outcomes(report.get()));
    assertEquals(List.of(), store.entries());
    assertEquals(List.of(), scratch());
    for (PlannedPackage pkg : plan.buildOrder()) {
      assertTrue(Files.readString(store.logFile(pkg.storeName())).contains("==> "));
    }
  }

  @Test
  void the_longest_remaining_chain_starts_first() throws Exception {
    List<Package> packages = List.of(timed("short", 0), timed("c1", 0), timed("c2", 0, "c1"), timed("c3", 0, "c2"));
    Plan plan = plan(packages);
    List<PlannedPackage> todo = plan.buildOrder();
    Function<PlannedPackage, java.time.Duration> estimate =
        p -> java.time.Duration.ofMillis(p.name().equals("short") ? 500 : 1000);
    WorkGraph graph = WorkGraph.of(plan, todo, estimate);
    List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    RunReport report = new Dispatch(new Scheduler.Settings(1, 1, false), graph, (pkg, jobs) -> {
      started.add(pkg.name());
      return BuildRun.Outcome.BUILT;
    }, BuildListener.silent()).execute();
    assertTrue(report.succeeded());
    assertEquals(List.of("c1", "c2", "c3", "short"), started);
    assertEquals(3000, graph.priority(todo.stream().filter(p -> p.name().equals("c1")).findFirst().orElseThrow()));
  }
}
