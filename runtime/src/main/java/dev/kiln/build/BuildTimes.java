package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each package (by name, so a new version inherits its predecessor's time) took the last
 * time it built, kept in {@code build-times} under the kiln home. The scheduler orders work by it and
 * the progress display estimates the time left from it. Thread-safe.
 */
public final class BuildTimes {
  /** Assumed for a package never built: long enough to rank it above trivial ones. */
  static final Duration UNKNOWN = Duration.ofSeconds(10);
  private static final String FILE = "build-times";

  private final Path file;
  private final Map<String, Long> millis = new ConcurrentHashMap<>();

  private BuildTimes(Path file) {
    this.file = file;
  }

  /** The times kept under {@code home}, or none when the file is missing or unreadable. */
  public static BuildTimes load(Path home) throws IOException {
    BuildTimes times = new BuildTimes(home.resolve(FILE));
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(times.file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      return times;
    }
    for (String name : properties.stringPropertyNames()) {
      parse(properties.getProperty(name)).ifPresent(ms -> times.millis.put(name, ms));
    }
    return times;
  }

  /** Times that are never saved: for tests and one-off runs. */
  public static BuildTimes inMemory() {
    return new BuildTimes(null);
  }

  private static java.util.Optional<Long> parse(String value) {
    try {
      return java.util.Optional.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty(); // a damaged line costs an estimate, not the run
    }
  }

  /** The last build time of the package's name, if it ever built here. */
  public java.util.Optional<Duration> known(PlannedPackage pkg) {
    Long ms = millis.get(pkg.name());
    return ms == null ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofMillis(ms));
  }

  /** The last build time, or a guess for a package never built. */
  public Duration estimate(PlannedPackage pkg) {
    return known(pkg).orElse(UNKNOWN);
  }

  public void record(PlannedPackage pkg, Duration wall) {
    millis.put(pkg.name(), wall.toMillis());
  }

  /** Writes the times back (a temporary file renamed over the old one). */
  public void save() throws IOException {
    if (file == null) {
      return;
    }
    Properties properties = new Properties();
    millis.forEach((name, ms) -> properties.setProperty(name, Long.toString(ms)));
    Path tmp = file.resolveSibling(FILE + ".tmp-" + ProcessHandle.current().pid());
    try {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        properties.store(out, "milliseconds each package took to build, last time");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }
}
