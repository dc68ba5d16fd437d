package dev.kiln.cli;

import dev.kiln.build.BuildListener;
import dev.kiln.fetch.FetchListener;
import dev.kiln.model.Source;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.io.PrintStream;
import java.time.Duration;

/** Prints what a run is doing, one line per event, to stderr. */
final class Progress implements BuildListener, FetchListener {
  private final PrintStream out;
  private final Store store;
  private String current = "";

  Progress(PrintStream out, Store store) {
    this.out = out;
    this.store = store;
  }

  @Override
  public void planned(int toBuild, int upToDate) {
    if (toBuild > 0) {
      out.println("kiln: " + toBuild + " to build, " + upToDate + " up to date");
    }
  }

  @Override
  public void started(PlannedPackage pkg, int index, int total) {
    current = "[" + index + "/" + total + "] " + pkg.pkg().displayName() + " (" + pkg.shortHash() + ")";
  }

  @Override
  public void phase(PlannedPackage pkg, String what) {
    out.println(current + ": " + what);
  }

  @Override
  public void finished(PlannedPackage pkg, Duration wall) {
    out.printf("%s: built in %.1f s -> %s%n", current, wall.toMillis() / 1000.0, store.entry(pkg.storeName()));
  }

  @Override
  public void stillBuilding(PlannedPackage pkg, Duration elapsed, String lastLogLine) {
    String line = lastLogLine.length() > 100 ? lastLogLine.substring(0, 100) + "..." : lastLogLine;
    out.printf("%s: building, %d s: %s%n", current, elapsed.toSeconds(), line);
  }

  @Override
  public void builtElsewhere(PlannedPackage pkg) {
    out.println(current + ": built meanwhile by another kiln process");
  }

  @Override
  public void substituted(PlannedPackage pkg, String repo) {
    out.println(current + ": substituted " + pkg.pkg().displayName() + " from " + repo);
  }

  @Override
  public void fetching(Source source, String from) {
    out.println(current + ": fetching " + source.fileName() + " from " + from);
  }
}
