package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.time.Duration;
import java.util.List;

/**
 * What a run did: every package's turn, the failures, the packages left unbuilt because an input
 * failed, and whether the run was interrupted.
 */
public record RunReport(int slots, Duration wall, List<BuildRun> runs, List<Failure> failures,
    List<PlannedPackage> blocked, boolean interrupted) {
  public RunReport {
    runs = List.copyOf(runs);
    failures = List.copyOf(failures);
    blocked = List.copyOf(blocked);
  }

  /** A package that failed, and why: its build failed, or kiln could not fetch or store it. */
  public record Failure(PlannedPackage pkg, Exception cause) {
    public Failure {
      if (!(cause instanceof BuildFailedException) && !(cause instanceof java.io.IOException)) {
        throw new IllegalArgumentException("a failure is a failed build or an I/O error: " + cause);
      }
    }
  }

  /** How many packages this process built. */
  public int built() {
    return (int) runs.stream().filter(r -> r.outcome() == BuildRun.Outcome.BUILT).count();
  }

  /**
   * The chain of builds that decided the run's length: from the run that ended last, back through
   * the input it waited for longest, to a build that waited for nothing of this run.
   */
  public List<BuildRun> criticalPath() {
    java.util.Map<String, BuildRun> byName = new java.util.HashMap<>();
    runs.forEach(r -> byName.put(r.pkg().storeName(), r));
    java.util.ArrayDeque<BuildRun> chain = new java.util.ArrayDeque<>();
    BuildRun at = runs.stream().max(java.util.Comparator.comparing(BuildRun::end)).orElse(null);
    while (at != null) {
      chain.addFirst(at);
      at = at.inputs().stream().map(p -> byName.get(p.storeName())).filter(java.util.Objects::nonNull)
          .max(java.util.Comparator.comparing(BuildRun::end)).orElse(null);
    }
    return List.copyOf(chain);
  }

  public boolean succeeded() {
    return failures.isEmpty() && !interrupted;
  }
}
