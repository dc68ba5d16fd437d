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
    ProcessBuilder pb = new ProcessBuilder(Bwrap.argv(spec))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true);
    return waitFor(start(pb));
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
