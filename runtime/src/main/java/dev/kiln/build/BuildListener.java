package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.time.Duration;

/** What a person watching a run wants to know. Every method has a do-nothing default. */
public interface BuildListener {
  default void planned(int toBuild, int upToDate) {}

  default void started(PlannedPackage pkg, int index, int total) {}

  default void phase(PlannedPackage pkg, String what) {}

  /** Something the person running the build should see once, e.g. entries an archive held that were skipped. */
  default void note(PlannedPackage pkg, String message) {}

  /** Called every few seconds while a build runs, with the log's last line. */
  default void stillBuilding(PlannedPackage pkg, Duration elapsed, String lastLogLine) {}

  default void finished(PlannedPackage pkg, Duration wall) {}

  /** Another kiln process built it while this one waited for the lock. */
  default void builtElsewhere(PlannedPackage pkg) {}

  /** The package was downloaded from a repo instead of built. */
  default void substituted(PlannedPackage pkg, String repo) {}

  /** The package's build failed (or kiln could not fetch or store it). */
  default void failed(PlannedPackage pkg, Exception cause) {}

  /** The package will not build: {@code failedInput}, which it needs, failed. */
  default void blocked(PlannedPackage pkg, PlannedPackage failedInput) {}

  /** The package's build was stopped: Ctrl-C, or another package failed. */
  default void cancelled(PlannedPackage pkg) {}

  static BuildListener silent() {
    return new BuildListener() {};
  }
}
