package dev.kiln.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs containers with bubblewrap. */
public final class Sandbox {
  private Sandbox() {}

  /**
   * Runs the container with its stdout and stderr appended to {@code log} (written by the child
   * directly, so the log survives kiln being killed) and stdin empty.
   */
  public static SandboxResult run(SandboxSpec spec, Path log) throws IOException, InterruptedException {
    return run(spec, log, LimitEnforcer.none(), Deadlines.NONE).result();
  }

  /** How long a run may take in all, and without writing to its log; zero means no bound. */
  public record Deadlines(Duration timeout, Duration maxSilent) {
    public static final Deadlines NONE = new Deadlines(Duration.ZERO, Duration.ZERO);

    boolean any() {
      return !timeout.isZero() || !maxSilent.isZero();
    }
  }

  /** Which deadline stopped a run. */
  public enum Stop {
    /** Its whole wall time ran out. */
    TIMEOUT,
    /** It wrote nothing to its log for too long. */
    SILENCE
  }

  /**
   * How a logged run ended.
   *
   * @param stopped the deadline that stopped it, if one did
   * @param exceeded the limit it ran into, as "its memory limit of 64 MiB", when it failed and its cgroups tell
   */
  public record Logged(SandboxResult result, Optional<Stop> stopped, Optional<String> exceeded) {}

  /** How often a run with deadlines is looked at: the precision of its timeouts. */
  private static final long WATCH_MILLIS = 100;

  /**
   * Runs the container like {@link #run(SandboxSpec, Path)}, under {@code limits}, and kills it (bwrap,
   * and with it its pid namespace) when a deadline passes.
   */
  public static Logged run(SandboxSpec spec, Path log, LimitEnforcer.Wrapping limits, Deadlines deadlines)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(limits.wrap(Bwrap.argv(spec)))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true);
    try {
      long start = System.nanoTime();
      Process process = start(pb);
      Optional<Stop> stopped = watch(process, log, deadlines);
      SandboxResult result = waitFor(process);
      result = new SandboxResult(result.exitCode(), Duration.ofNanos(System.nanoTime() - start));
      Optional<String> exceeded = result.succeeded() ? Optional.empty() : limits.exceeded();
      return new Logged(result, stopped, exceeded);
    } finally {
      limits.cleanUp();
    }
  }

  /** Waits while the run keeps its deadlines; kills it and says which passed when one does. */
  private static Optional<Stop> watch(Process process, Path log, Deadlines deadlines) throws InterruptedException {
    if (!deadlines.any()) {
      return Optional.empty();
    }
    long start = System.nanoTime();
    long quietSince = start;
    long size = -1;
    try {
      while (!process.waitFor(WATCH_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        long written = log.toFile().length();
        if (written != size) {
          size = written;
          quietSince = now;
        }
        Stop stop = passed(deadlines.timeout(), now - start) ? Stop.TIMEOUT
            : passed(deadlines.maxSilent(), now - quietSince) ? Stop.SILENCE : null;
        if (stop != null) {
          process.destroyForcibly();
          return Optional.of(stop);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
    return Optional.empty();
  }

  private static boolean passed(Duration bound, long nanos) {
    return !bound.isZero() && nanos >= bound.toNanos();
  }

  /** Runs the container on kiln's own terminal or pipes; returns its exit status. */
  public static SandboxResult runAttached(SandboxSpec spec) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Bwrap.interactiveArgv(spec)).inheritIO();
    return waitFor(start(pb));
  }

  /** How a container uses kiln's standard input and output. */
  public enum Attach {
    /**
     * On kiln's terminal, in kiln's session, so a shell can take the terminal for job control;
     * Ctrl-C reaches the shell from the terminal and kiln ignores it.
     */
    INTERACTIVE,
    /** On kiln's pipes or files, in a session of its own; kiln forwards SIGINT, SIGTERM and SIGHUP. */
    PIPED
  }

  /**
   * Runs the container on kiln's standard input, output and error, under {@code limits}, relaying
   * the signals kiln receives to its command; returns its exit status.
   */
  public static SandboxResult runAttached(SandboxSpec spec, Attach attach, LimitEnforcer.Wrapping limits,
      SignalTrap signals) throws IOException, InterruptedException {
    List<String> argv = attach == Attach.INTERACTIVE ? Bwrap.interactiveArgv(spec) : Bwrap.argv(spec);
    Process process = start(new ProcessBuilder(limits.wrap(argv)).inheritIO());
    SignalRelay relay = SignalRelay.start(signals, process, attach == Attach.INTERACTIVE);
    try {
      return waitFor(process);
    } finally {
      relay.close();
      limits.cleanUp();
    }
  }

  /** Runs the container and returns what it printed (stdout and stderr together). */
  public static Captured capture(SandboxSpec spec) throws IOException, InterruptedException {
    return capture(spec, LimitEnforcer.none());
  }

  /** Runs the container under {@code limits} and returns what it printed (stdout and stderr together). */
  public static Captured capture(SandboxSpec spec, LimitEnforcer.Wrapping limits) throws IOException, InterruptedException {
    try {
      return captureWrapped(limits.wrap(Bwrap.argv(spec)));
    } finally {
      limits.cleanUp();
    }
  }

  private static Captured captureWrapped(List<String> argv) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = start(pb);
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int exit = process.waitFor();
    return new Captured(new SandboxResult(exit, Duration.ofNanos(System.nanoTime() - start)), output);
  }

  /** A run's result and output. */
  public record Captured(SandboxResult result, String output) {}

  private static Process start(ProcessBuilder pb) throws IOException {
    try {
      return pb.start();
    } catch (IOException e) {
      throw new IOException("cannot start bwrap (" + e.getMessage() + "); install bubblewrap: apt-get install -y bubblewrap", e);
    }
  }

  private static SandboxResult waitFor(Process process) throws InterruptedException {
    long start = System.nanoTime();
    try {
      int exit = process.waitFor();
      return new SandboxResult(exit, Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * Explains a bwrap failure caused by the host forbidding user namespaces, in one line with the fix,
   * or empty when the output shows something else.
   */
  public static Optional<String> explainNamespaceFailure(List<String> outputLines) {
    for (String line : outputLines) {
      if (!line.startsWith("bwrap:")) {
        continue;
      }
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("no permission to create new namespace")
          || lower.contains("creating new namespace failed")
          || lower.contains("setting up uid map")
          || lower.contains("operation not permitted") && lower.contains("namespace")) {
        return Optional.of("this host forbids unprivileged user namespaces, which kiln's containers need ("
            + line.trim() + "); fix: sysctl -w kernel.unprivileged_userns_clone=1 user.max_user_namespaces=15000"
            + " (on Ubuntu 24.04+ also kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile allowing userns for bwrap)");
      }
    }
    return Optional.empty();
  }
}
