package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.time.Duration;

/**
 * One package's turn in a run: which build slot it had and when, relative to the run's start.
 *
 * @param inputs the packages of the same run it waited for
 */
public record BuildRun(PlannedPackage pkg, int slot, Duration start, Duration end, Outcome outcome,
    java.util.List<PlannedPackage> inputs) {
  public BuildRun {
    inputs = java.util.List.copyOf(inputs);
  }

  /** How a package's turn ended. */
  public enum Outcome { BUILT, SUBSTITUTED, BUILT_ELSEWHERE, FAILED, CANCELLED }

  public Duration wall() {
    return end.minus(start);
  }
}
