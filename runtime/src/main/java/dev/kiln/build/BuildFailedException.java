package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.nio.file.Path;
import java.util.List;

/** A build whose script failed: carries the exit status, the log and its last lines. */
public final class BuildFailedException extends Exception {
  private final transient PlannedPackage pkg;
  private final int exitCode;
  private final transient Path log;
  private final List<String> tail;
  private final String step;

  BuildFailedException(PlannedPackage pkg, int exitCode, Path log, List<String> tail, String explanation, String step) {
    super(pkg.pkg().displayName() + " failed to build (exit status " + exitCode + ")"
        + where(step)
        + (explanation == null ? "" : ": " + explanation));
    this.step = step;
    this.pkg = pkg;
    this.exitCode = exitCode;
    this.log = log;
    this.tail = List.copyOf(tail);
  }

  public PlannedPackage pkg() {
    return pkg;
  }

  public int exitCode() {
    return exitCode;
  }

  public Path log() {
    return log;
  }

  /** "in phase configure, step `./configure`" from a step mark "configure: ./configure". */
  private static String where(String step) {
    if (step == null) {
      return "";
    }
    int colon = step.indexOf(": ");
    return colon < 0 ? " in `" + step + "`"
        : " in phase " + step.substring(0, colon) + ", step `" + step.substring(colon + 2) + "`";
  }

  /** The step the script was in when it failed (the last {@code ==> } line of the log), if any. */
  public java.util.Optional<String> step() {
    return java.util.Optional.ofNullable(step);
  }

  /** The log's last lines. */
  public List<String> tail() {
    return tail;
  }
}
