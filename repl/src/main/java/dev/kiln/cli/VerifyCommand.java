package dev.kiln.cli;

import dev.kiln.env.GcRoots;
import dev.kiln.env.Profiles;
import dev.kiln.store.Store;
import dev.kiln.store.StoreLock;
import dev.kiln.store.StoreVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "verify", description = {
    "Checks the store's consistency, like nix-store --verify: every entry has its",
    "records (its references, the hash of its contents), its files are as committed",
    "and read-only, and what it refers to is there; no record lacks its entry; every",
    "profile generation and pin names an entry that is there.",
    "Prints each problem with the entry's name and exits 1 if there is any, 0 if the",
    "store is consistent. Changes nothing: there is no --repair (the next build of an",
    "entry clears what killed kiln processes left, listed as notes). Waits for builds",
    "using the store to finish."})
final class VerifyCommand implements Callable<Integer> {
  /** How often progress is redrawn on a terminal, and printed as a line elsewhere. */
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final long LINE_NANOS = 5_000_000_000L;

  @Mixin Options options = new Options();

  @Override
  @SuppressWarnings("try") // the gc lock is held for the scope, never read
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Store store = session.store();
      StoreVerifier.Report report;
      try (StoreLock.Hold quiet = store.gcLock().exclusive(
          () -> System.err.println("kiln: waiting for kiln processes using the store to finish..."));
          Shown progress = new Shown(System.err, Terminals.stderrWidth())) {
        report = StoreVerifier.verify(store, roots(store), progress);
      }
      report.leftovers().forEach(l -> System.out.println("note: " + l));
      report.problems().forEach(p -> System.out.println(p));
      if (report.consistent()) {
        System.err.printf("kiln: verified %d entr%s: the store is consistent%n", report.entries(),
            report.entries() == 1 ? "y" : "ies");
        return Main.OK;
      }
      System.err.printf("kiln: verified %d entr%s: %d problem%s%n", report.entries(), report.entries() == 1 ? "y" : "ies",
          report.problems().size(), report.problems().size() == 1 ? "" : "s");
      return Main.BUILD_FAILED;
    });
  }

  /** What points into the store from outside: each profile generation, each pin. */
  private static Map<String, String> roots(Store store) throws IOException {
    Map<String, String> roots = new LinkedHashMap<>();
    Profiles profiles = new Profiles(store.home());
    for (String profile : profiles.names()) {
      profiles.generations(profile).forEach((n, env) -> roots.putIfAbsent(env, "profile " + profile + " generation " + n));
    }
    GcRoots.pins(store.home()).forEach(pin -> roots.putIfAbsent(pin, "a pin (kiln pin --remove " + pin + " drops it)"));
    return roots;
  }

  /** Progress on stderr: one line redrawn on a terminal (cut to its width), a line every few seconds elsewhere. */
  private static final class Shown implements StoreVerifier.Progress, AutoCloseable {
    private final PrintStream err;
    private final int width;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long last = start;
    private boolean drawn;

    Shown(PrintStream err, int width) {
      this.err = err;
      this.width = width;
      this.terminal = width > 0;
    }

    @Override
    public void entry(int index, int total, String name) {
      long now = System.nanoTime();
      if (now - last < (terminal ? REDRAW_NANOS : LINE_NANOS)) {
        return;
      }
      last = now;
      String line = "kiln: verifying entry " + index + " of " + total + ": " + name;
      if (terminal) {
        err.print("\r\033[K" + line.substring(0, Math.min(line.length(), width - 1)));
        err.flush();
        drawn = true;
      } else {
        err.println(line);
      }
    }

    @Override
    public void close() {
      if (drawn) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }
}
