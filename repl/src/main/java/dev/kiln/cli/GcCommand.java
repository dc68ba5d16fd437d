package dev.kiln.cli;

import dev.kiln.env.GcRoots;
import dev.kiln.store.GarbageCollector;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gc", description = {
    "Removes store entries that no profile generation, the last kiln run or a pin reaches through run-time",
    "references, and prints what it frees. Waits for builds using the store to finish."})
final class GcCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Option(names = {"-n", "--dry-run"}, description = "Only list what would be removed.")
  boolean dryRun;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      List<String> roots = GcRoots.of(session.store().home());
      List<GarbageCollector.Freed> freed = GarbageCollector.collect(session.store(), roots, dryRun,
          () -> System.err.println("kiln: waiting for kiln processes using the store to finish..."));
      long bytes = 0;
      for (GarbageCollector.Freed f : freed) {
        System.out.printf("%s %s (%s)%n", dryRun ? "would remove" : "removed", f.entry(), human(f.bytes()));
        bytes += f.bytes();
      }
      if (!dryRun) {
        // Freeing space is what gc is for: finish deleting what earlier runs left in the trash too.
        session.store().trash().awaitIdle(java.time.Duration.ofDays(1));
      }
      System.err.printf("kiln: %s %d entr%s, %s%n", dryRun ? "would free" : "freed", freed.size(),
          freed.size() == 1 ? "y" : "ies", human(bytes));
      return Main.OK;
    });
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
