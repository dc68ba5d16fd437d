package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.nio.file.Path;
import java.util.List;

/**
 * A build whose script failed, or whose output the audit refused: carries the exit status, the
 * log and its last lines.
 */
public final class BuildFailedException extends Exception {
  private final transient PlannedPackage pkg;
  private final int exitCode;
  private final transient Path log;
  private final List<String> tail;
  private final String phase;
  private final String step;
  private final String refusal;

  /** @param mark the last step the script announced: "PHASE: COMMAND" */
  BuildFailedException(PlannedPackage pkg, int exitCode, Path log, List<String> tail, String explanation, String mark) {
    this(pkg.pkg().displayName() + " failed to build (exit status " + exitCode + ")"
        + where(mark)
        + (explanation == null ? "" : ": " + explanation), pkg, exitCode, log, tail, mark, null);
  }

  private BuildFailedException(String message, PlannedPackage pkg, int exitCode, Path log, List<String> tail,
      String mark, String refusal) {
    super(message);
    int colon = mark == null ? -1 : mark.indexOf(": ");
    this.phase = colon < 0 ? null : mark.substring(0, colon);
    this.step = colon < 0 ? mark : mark.substring(colon + 2);
    this.pkg = pkg;
    this.exitCode = exitCode;
    this.log = log;
    this.tail = List.copyOf(tail);
    this.refusal = refusal;
  }

  /** A build kiln stopped when a deadline passed: {@code after} "stopped after 5 s", {@code why} which deadline. */
  static BuildFailedException stopped(PlannedPackage pkg, int exitCode, Path log, List<String> tail, String after,
      String why, String mark) {
    return new BuildFailedException(pkg.pkg().displayName() + " was " + after + where(mark) + ": " + why,
        pkg, exitCode, log, tail, mark, null);
  }

  /** A build whose script succeeded (exit status 0) but whose output may not enter the store. */
  static BuildFailedException refused(PlannedPackage pkg, Path log, List<String> tail, String refusal) {
    return new BuildFailedException(pkg.pkg().displayName() + " built, but its output was refused: " + refusal,
        pkg, 0, log, tail, null, refusal);
  }

  /** Why the output audit refused the output, when it did (the script then succeeded). */
  public java.util.Optional<String> refusal() {
    return java.util.Optional.ofNullable(refusal);
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

  /** The phase that step belongs to, if the script named one. */
  public java.util.Optional<String> phase() {
    return java.util.Optional.ofNullable(phase);
  }

  /** The log's last lines. */
  public List<String> tail() {
    return tail;
  }
}
