package dev.kiln.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What kiln gc keeps, with what they refer to at run time: every generation of every profile, the
 * entries of the last {@code kiln run} (its whole plan, build inputs included, its environments and
 * images: {@code <home>/last-run}), and pins ({@code <home>/pins/ENTRY}, made by kiln pin).
 */
public final class GcRoots {
  public static final String LAST_RUN = "last-run";
  public static final String PINS = "pins";

  private GcRoots() {}

  /** Every root under {@code home}. */
  public static List<String> of(Path home) throws IOException {
    List<String> roots = new ArrayList<>(new Profiles(home).roots());
    Path lastRun = home.resolve(LAST_RUN);
    if (Files.isRegularFile(lastRun)) {
      Files.readAllLines(lastRun).stream().filter(l -> !l.isBlank()).forEach(roots::add);
    }
    roots.addAll(pins(home));
    return roots;
  }

  /** Replaces the record of the last run (written whole, then renamed into place). */
  public static void recordLastRun(Path home, Collection<String> entries) throws IOException {
    Path tmp = home.resolve(LAST_RUN + ".tmp-" + ProcessHandle.current().pid());
    Files.write(tmp, entries, StandardCharsets.UTF_8);
    Files.move(tmp, home.resolve(LAST_RUN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static List<String> pins(Path home) throws IOException {
    List<String> pins = new ArrayList<>();
    Path dir = home.resolve(PINS);
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
        all.forEach(p -> pins.add(p.getFileName().toString()));
      }
    }
    pins.sort(null);
    return pins;
  }

  public static void pin(Path home, String entry) throws IOException {
    Files.createDirectories(home.resolve(PINS));
    Path pin = home.resolve(PINS).resolve(entry);
    if (!Files.exists(pin)) {
      Files.createFile(pin);
    }
  }

  public static boolean unpin(Path home, String entry) throws IOException {
    return Files.deleteIfExists(home.resolve(PINS).resolve(entry));
  }
}
