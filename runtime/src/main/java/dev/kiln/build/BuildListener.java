package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.time.Duration;

/** What a person watching a run wants to know. Every method has a do-nothing default. */
public interface BuildListener {
  default void planned(int toBuild, int upToDate) {}

  default void started(PlannedPackage pkg, int index, int total) {}

  default void phase(PlannedPackage pkg, String what) {}

  /** Called every few seconds while a build runs, with the log's last line. */
  default void stillBuilding(PlannedPackage pkg, Duration elapsed, String lastLogLine) {}

  default void finished(PlannedPackage pkg, Duration wall) {}

  /** Another kiln process built it while this one waited for the lock. */
  default void builtElsewhere(PlannedPackage pkg) {}

  /** The package was downloaded from a repo instead of built. */
  default void substituted(PlannedPackage pkg, String repo) {}

  static BuildListener silent() {
    return new BuildListener() {};
  }
}
