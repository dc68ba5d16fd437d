package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One run of the scheduler: starts ready packages on build threads, most urgent first, up to the
 * number of slots, and reacts to each one finishing. Its state belongs to the thread that calls
 * {@link #execute}; build threads only report back through a queue.
 */
final class Dispatch {
  /** Builds or substitutes one package with a share of the job budget; returns how it ended. */
  @FunctionalInterface
  interface Work {
    BuildRun.Outcome run(PlannedPackage pkg, int jobs) throws IOException, InterruptedException, BuildFailedException;
  }

  /** What a build thread reports; {@code failure} is a build or I/O failure, {@code bug} anything else. */
  private record Done(Thread thread, PlannedPackage pkg, int slot, long startNanos, long endNanos,
      BuildRun.Outcome outcome, Exception failure, Throwable bug) {}

  private final Scheduler.Settings settings;
  private final WorkGraph graph;
  private final Work work;
  private final BuildListener listener;
  private final long origin = System.nanoTime();
  private final PriorityQueue<PlannedPackage> ready;
  private final Map<String, Integer> waiting = new HashMap<>();
  private final Map<Thread, PlannedPackage> running = new LinkedHashMap<>();
  private final BitSet busySlots = new BitSet();
  private final BlockingQueue<Done> reports = new LinkedBlockingQueue<>();
  private final List<BuildRun> runs = new ArrayList<>();
  private final List<RunReport.Failure> failures = new ArrayList<>();
  private final Set<PlannedPackage> blocked = new HashSet<>();
  private int launched;
  private boolean stopping;
  private boolean interrupted;

  Dispatch(Scheduler.Settings settings, WorkGraph graph, Work work, BuildListener listener) {
    this.settings = settings;
    this.graph = graph;
    this.work = work;
    this.listener = listener;
    Map<String, Integer> order = new HashMap<>();
    graph.todo().forEach(p -> order.put(p.storeName(), order.size()));
    this.ready = new PriorityQueue<>(Comparator.<PlannedPackage>comparingLong(graph::priority).reversed()
        .thenComparing(p -> order.get(p.storeName())));
  }

  /** Runs everything; returns when nothing runs and nothing more may start. */
  RunReport execute() {
    for (PlannedPackage pkg : graph.todo()) {
      waiting.put(pkg.storeName(), graph.waitsFor(pkg).size());
      if (graph.waitsFor(pkg).isEmpty()) {
        ready.add(pkg);
      }
    }
    while (true) {
      while (!stopping && running.size() < settings.slots() && !ready.isEmpty()) {
        launch(ready.poll());
      }
      if (running.isEmpty()) {
        break;
      }
      try {
        finished(reports.take());
      } catch (InterruptedException e) {
        interrupted = true; // Ctrl-C: stop everything, wait below for the builds to clean up
        stop();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return report();
  }

  private void launch(PlannedPackage pkg) {
    int slot = busySlots.nextClearBit(0);
    busySlots.set(slot);
    int share = Math.max(1, settings.jobBudget() / Math.min(settings.slots(), running.size() + 1 + ready.size()));
    listener.started(pkg, ++launched, graph.todo().size());
    Thread thread = new Thread(() -> runOne(pkg, slot, share), "kiln-build-" + slot);
    thread.setDaemon(true);
    running.put(thread, pkg);
    thread.start();
  }

  /** On a build thread: always reports, whatever happens. */
  private void runOne(PlannedPackage pkg, int slot, int jobs) {
    long start = System.nanoTime();
    BuildRun.Outcome outcome = BuildRun.Outcome.CANCELLED;
    Exception failure = null;
    Throwable bug = null;
    try {
      outcome = work.run(pkg, jobs);
    } catch (BuildFailedException | IOException e) {
      outcome = BuildRun.Outcome.FAILED;
      failure = e;
    } catch (InterruptedException e) {
      outcome = BuildRun.Outcome.CANCELLED;
    } catch (RuntimeException | Error e) {
      bug = e;
    } finally {
      reports.add(new Done(Thread.currentThread(), pkg, slot, start, System.nanoTime(), outcome, failure, bug));
    }
  }

  private void finished(Done done) {
    running.remove(done.thread());
    busySlots.clear(done.slot());
    BuildRun.Outcome outcome = done.outcome();
    if (stopping && outcome == BuildRun.Outcome.FAILED) {
      outcome = BuildRun.Outcome.CANCELLED; // killed by the stop (Ctrl-C may reach bwrap before kiln)
    }
    runs.add(new BuildRun(done.pkg(), done.slot(), since(done.startNanos()), since(done.endNanos()), outcome,
        graph.waitsFor(done.pkg())));
    if (done.bug() != null) {
      stopAndWait();
      rethrow(done.bug());
    }
    switch (outcome) {
      case FAILED -> failed(done.pkg(), done.failure());
      case CANCELLED -> listener.cancelled(done.pkg());
      default -> release(done.pkg());
    }
  }

  private void failed(PlannedPackage pkg, Exception cause) {
    failures.add(new RunReport.Failure(pkg, cause));
    listener.failed(pkg, cause);
    for (PlannedPackage dependent : graph.blockedBy(pkg)) {
      if (blocked.add(dependent)) {
        listener.blocked(dependent, pkg);
      }
    }
    if (!settings.keepGoing()) {
      stop();
    }
  }

  /** A package is in the store: its dependents may be ready. */
  private void release(PlannedPackage pkg) {
    for (PlannedPackage dependent : graph.dependents(pkg)) {
      int left = waiting.merge(dependent.storeName(), -1, Integer::sum);
      if (left == 0 && !blocked.contains(dependent)) {
        ready.add(dependent);
      }
    }
  }

  /** Starts nothing more and interrupts running builds; they kill their containers and clean up. */
  private void stop() {
    stopping = true;
    running.keySet().forEach(Thread::interrupt);
  }

  /** After a bug on a build thread: stop the others and wait for them before giving up. */
  private void stopAndWait() {
    stop();
    boolean again = false;
    while (!running.isEmpty()) {
      try {
        Done done = reports.take();
        running.remove(done.thread());
      } catch (InterruptedException e) {
        again = true;
      }
    }
    if (again) {
      Thread.currentThread().interrupt();
    }
  }

  private static void rethrow(Throwable bug) {
    if (bug instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw (Error) bug;
  }

  private Duration since(long nanos) {
    return Duration.ofNanos(nanos - origin);
  }

  private RunReport report() {
    List<PlannedPackage> unbuilt = graph.todo().stream().filter(blocked::contains).toList();
    return new RunReport(settings.slots(), since(System.nanoTime()), runs, failures, unbuilt, interrupted);
  }
}
