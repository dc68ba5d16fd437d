package dev.kiln.cli;

import dev.kiln.build.BuildListener;
import dev.kiln.build.BuildTimes;
import dev.kiln.build.Logs;
import dev.kiln.fetch.FetchListener;
import dev.kiln.model.Source;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows what a run is doing, on stderr. On a terminal, a status block at the bottom (done/total, an
 * estimate of the time left, each running build with its elapsed time and its log's last line) with
 * events scrolling above it; elsewhere, one plain line per event. Called from several build threads.
 */
final class Progress implements BuildListener, FetchListener, AutoCloseable {
  /** How much a run prints. */
  enum Verbosity { QUIET, NORMAL, VERBOSE }

  /** A build in progress. */
  private record Running(String label, long startNanos, String phase) {}

  private final PrintStream out;
  private final Store store;
  private final Verbosity verbosity;
  private final BuildTimes times;
  private final int slots;
  private final StatusBlock block;
  private final ScheduledExecutorService ticker;
  private final Map<PlannedPackage, Running> running = new LinkedHashMap<>();
  private final long startNanos = System.nanoTime();
  private final List<String> stopped = new ArrayList<>();
  private int total;
  private int done;
  private int built;
  private long estimatedTotalMillis;

  /** @param terminalWidth the terminal's width for a live display, or 0 for plain lines */
  Progress(PrintStream out, Store store, Verbosity verbosity, BuildTimes times, int slots, int terminalWidth) {
    this.out = out;
    this.store = store;
    this.verbosity = verbosity;
    this.times = times;
    this.slots = slots;
    this.block = terminalWidth > 0 && verbosity != Verbosity.QUIET ? new StatusBlock(out, terminalWidth) : null;
    this.ticker = block == null ? null : startTicker();
  }

  private ScheduledExecutorService startTicker() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kiln-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::redraw, 250, 500, TimeUnit.MILLISECONDS);
    return timer;
  }

  @Override
  public synchronized void planned(int toBuild, int upToDate) {
    total = toBuild;
    if (toBuild > 0) {
      event("kiln: " + toBuild + " to build, " + upToDate + " up to date");
    }
  }

  @Override
  public synchronized void started(PlannedPackage pkg, int index, int total) {
    String label = "[" + index + "/" + total + "] " + pkg.pkg().displayName() + " (" + pkg.shortHash() + ")";
    running.put(pkg, new Running(label, System.nanoTime(), "starting"));
    estimatedTotalMillis += times.estimate(pkg).toMillis();
  }

  @Override
  public synchronized void phase(PlannedPackage pkg, String what) {
    Running now = running.get(pkg);
    if (now == null) {
      return;
    }
    running.put(pkg, new Running(now.label(), now.startNanos(), what));
    if (verbosity == Verbosity.VERBOSE || (block == null && verbosity == Verbosity.NORMAL)) {
      event(now.label() + ": " + what);
    }
  }

  @Override
  public synchronized void note(PlannedPackage pkg, String message) {
    Running now = running.get(pkg);
    event((now == null ? pkg.pkg().displayName() : now.label()) + ": " + message);
  }

  @Override
  public synchronized void finished(PlannedPackage pkg, Duration wall) {
    built++;
    ended(pkg, String.format("built in %.1f s -> %s", wall.toMillis() / 1000.0, store.entry(pkg.storeName())));
  }

  @Override
  public synchronized void stillBuilding(PlannedPackage pkg, Duration elapsed, String lastLogLine) {
    Running now = running.get(pkg);
    if (block == null && verbosity != Verbosity.QUIET && now != null) {
      String line = lastLogLine.length() > 100 ? lastLogLine.substring(0, 100) + "..." : lastLogLine;
      event(String.format("%s: building, %d s: %s", now.label(), elapsed.toSeconds(), line));
    }
  }

  @Override
  public synchronized void builtElsewhere(PlannedPackage pkg) {
    built++;
    ended(pkg, "built meanwhile by another kiln process");
  }

  @Override
  public synchronized void substituted(PlannedPackage pkg, String repo) {
    built++;
    ended(pkg, "substituted " + pkg.pkg().displayName() + " from " + repo);
  }

  @Override
  public synchronized void failed(PlannedPackage pkg, Exception cause) {
    Running now = running.remove(pkg);
    done++;
    String line = (now == null ? pkg.pkg().displayName() : now.label()) + ": FAILED: " + dev.kiln.store.Problems.describe(cause);
    printAlways(line);
  }

  @Override
  public synchronized void blocked(PlannedPackage pkg, PlannedPackage failedInput) {
    done++;
    if (verbosity != Verbosity.QUIET) {
      event("kiln: not building " + pkg.pkg().displayName() + ": its input " + failedInput.pkg().displayName() + " failed");
    }
  }

  @Override
  public synchronized void cancelled(PlannedPackage pkg) {
    Running now = running.remove(pkg);
    stopped.add(pkg.pkg().displayName());
    event((now == null ? pkg.pkg().displayName() : now.label()) + ": stopped");
  }

  @Override
  public synchronized void fetching(Source source, String from) {
    if (verbosity != Verbosity.QUIET) {
      event("kiln: fetching " + source.fileName() + " from " + from);
    }
  }

  private void ended(PlannedPackage pkg, String what) {
    Running now = running.remove(pkg);
    done++;
    if (verbosity != Verbosity.QUIET) {
      event((now == null ? pkg.pkg().displayName() : now.label()) + ": " + what);
    }
  }

  private void event(String line) {
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    printAlways(line);
  }

  private void printAlways(String line) {
    if (block != null) {
      block.println(line);
      draw();
    } else {
      out.println(line);
    }
  }

  private synchronized void redraw() {
    draw();
  }

  private void draw() {
    if (block == null || total == 0) {
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format("kiln: %d/%d done, %d building, %s elapsed%s", done, total, running.size(),
        clock(Duration.ofNanos(System.nanoTime() - startNanos)), eta()));
    running.forEach((pkg, r) -> lines.add(String.format("  %-40s %6s  %s", r.label(),
        clock(Duration.ofNanos(System.nanoTime() - r.startNanos())), lastLine(pkg, r))));
    block.draw(lines);
  }

  private String lastLine(PlannedPackage pkg, Running r) {
    String line = Logs.lastLine(store.logFile(pkg.storeName()));
    return r.phase().equals("building") && !line.isEmpty() ? line : r.phase();
  }

  /**
   * The time left: the earlier build times of what has not finished, spread over the slots, less
   * what the running builds have already spent. Empty while nothing has a known time.
   */
  private String eta() {
    long left = 0;
    boolean known = false;
    for (Map.Entry<PlannedPackage, Running> e : running.entrySet()) {
      known |= times.known(e.getKey()).isPresent();
      long spent = (System.nanoTime() - e.getValue().startNanos()) / 1_000_000;
      left += Math.max(0, times.estimate(e.getKey()).toMillis() - spent);
    }
    left += Math.max(0, waitingEstimate());
    return known ? ", about " + clock(Duration.ofMillis(left / slots)) + " left" : "";
  }

  /** Estimated work not yet started: the average estimate of started builds times the packages left. */
  private long waitingEstimate() {
    int started = done + running.size();
    return started == 0 ? 0 : estimatedTotalMillis / started * (total - started);
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }

  /** What an interrupt stopped, for kiln's last line: the builds it stopped and how many were done. */
  synchronized String interruption() {
    List<String> names = new ArrayList<>(stopped);
    running.keySet().forEach(p -> names.add(p.pkg().displayName()));
    return (names.isEmpty() ? "no build was running" : "stopped " + String.join(", ", names))
        + "; " + built + " of " + total + " built";
  }

  @Override
  public synchronized void close() {
    if (ticker != null && !ticker.isShutdown()) { // closed by the run, or first by an interrupt's exit
      ticker.shutdownNow();
      block.erase();
    }
  }
}
