package dev.kiln.cli;

import dev.kiln.env.GcRoots;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pin", description = "Keeps store entries (and what they refer to) from kiln gc; without ENTRY, lists the pins.")
final class PinCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Option(names = "--remove", description = "Unpin instead.")
  boolean remove;

  @Parameters(paramLabel = "ENTRY", description = "Store entry names (NAME-VERSION-HASH).")
  List<String> entries = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      var home = session.store().home();
      if (entries.isEmpty()) {
        GcRoots.pins(home).forEach(System.out::println);
        return Main.OK;
      }
      for (String entry : entries) {
        if (remove) {
          GcRoots.unpin(home, entry);
        } else if (!session.store().contains(entry)) {
          System.err.println("kiln: error: no store entry " + entry + " (kiln gc --dry-run lists entries by name)");
          return Main.USAGE;
        } else {
          GcRoots.pin(home, entry);
        }
      }
      return Main.OK;
    });
  }
}
