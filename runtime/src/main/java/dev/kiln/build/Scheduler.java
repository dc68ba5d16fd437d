package dev.kiln.build;

import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds what a plan lacks over its dependency graph: up to {@code slots} builds at once, each started
 * as soon as its inputs are in the store, the longest remaining chain first. Without keep-going the
 * first failure stops the run (running builds are killed); with it, everything not waiting for a
 * failed package is built.
 */
public final class Scheduler {
  /**
   * How a run uses the machine.
   *
   * @param slots builds at once
   * @param jobBudget parallel jobs shared by the running builds: each gets its share as $JOBS
   * @param keepGoing build what does not depend on a failed package instead of stopping
   */
  public record Settings(int slots, int jobBudget, boolean keepGoing) {
    public Settings {
      if (slots < 1 || jobBudget < 1) {
        throw new IllegalArgumentException("slots and job budget must be positive: " + slots + ", " + jobBudget);
      }
    }

    /** One build at a time with all the jobs, stopping at the first failure: kiln before slots. */
    public static Settings sequential(int jobs) {
      return new Settings(1, jobs, false);
    }
  }

  private final Store store;
  private final Builder builder;
  private final BuildListener listener;
  private final Substituter substituter;
  private final Settings settings;
  private final BuildTimes times;

  public Scheduler(Store store, Builder builder, BuildListener listener) {
    this(store, builder, listener, Substituter.NONE);
  }

  /** A scheduler that asks {@code substituter} for each missing package before building it. */
  public Scheduler(Store store, Builder builder, BuildListener listener, Substituter substituter) {
    this(store, builder, listener, substituter, Settings.sequential(builder.jobs()), BuildTimes.inMemory());
  }

  /** @param times earlier build times: the order of work, updated with this run's times */
  public Scheduler(Store store, Builder builder, BuildListener listener, Substituter substituter, Settings settings,
      BuildTimes times) {
    this.store = store;
    this.builder = builder;
    this.listener = listener;
    this.substituter = substituter;
    this.settings = settings;
    this.times = times;
  }

  /** The packages of the plan that are not in the store yet, in build order. */
  public List<PlannedPackage> missing(Plan plan) {
    return plan.buildOrder().stream().filter(p -> !store.contains(p.storeName())).toList();
  }

  /**
   * Builds every missing package; returns how many this process built. Throws the first failure
   * (later ones attached as suppressed), or InterruptedException when interrupted.
   */
  public int run(Recipe recipe, Plan plan) throws IOException, InterruptedException, BuildFailedException {
    RunReport report = execute(recipe, plan);
    if (report.interrupted()) {
      throw new InterruptedException("build interrupted");
    }
    throwFailures(report);
    return report.built();
  }

  /** Throws the report's first failure, with the others attached as suppressed; does nothing without one. */
  public static void throwFailures(RunReport report) throws IOException, BuildFailedException {
    if (report.failures().isEmpty()) {
      return;
    }
    Exception first = report.failures().get(0).cause();
    report.failures().stream().skip(1).forEach(f -> first.addSuppressed(f.cause()));
    if (first instanceof BuildFailedException failed) {
      throw failed;
    }
    throw (IOException) first;
  }

  /**
   * Builds every missing package and reports what happened, failures included. When interrupted it
   * kills the running builds, waits for them to clean up, and returns with the thread's interrupt
   * flag set and {@link RunReport#interrupted()} true.
   */
  public RunReport execute(Recipe recipe, Plan plan) throws IOException {
    List<PlannedPackage> todo = missing(plan);
    listener.planned(todo.size(), plan.buildOrder().size() - todo.size());
    WorkGraph graph = WorkGraph.of(plan, todo, times::estimate);
    RunReport report = new Dispatch(settings, graph, (pkg, jobs) -> buildOne(recipe, plan, pkg, jobs), listener).execute();
    try {
      times.save();
    } catch (IOException e) {
      // The times only order builds and estimate what is left: on a full disk, losing them must not
      // hide what happened to the builds themselves.
    }
    return report;
  }

  private BuildRun.Outcome buildOne(Recipe recipe, Plan plan, PlannedPackage pkg, int jobs)
      throws IOException, InterruptedException, BuildFailedException {
    long start = System.nanoTime();
    Optional<String> from = substituter.substitute(pkg);
    if (from.isPresent()) {
      listener.substituted(pkg, from.get());
      return BuildRun.Outcome.SUBSTITUTED;
    }
    if (!builder.build(recipe, plan, pkg, jobs)) {
      return BuildRun.Outcome.BUILT_ELSEWHERE;
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    times.record(pkg, wall);
    listener.finished(pkg, wall);
    return BuildRun.Outcome.BUILT;
  }
}
