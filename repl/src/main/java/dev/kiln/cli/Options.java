package dev.kiln.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class Options {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Kiln's state: store, logs, sources (default: $KILN_HOME, else ~/.local/share/kiln).")
  Path home;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel jobs inside a build (default: CPU count).")
  Integer jobs;

  @Option(names = "--no-substitute", description = "Build everything; never download packages from the recipe's repos.")
  boolean noSubstitute;

  Path home() {
    if (home != null) {
      return home;
    }
    String env = System.getenv("KILN_HOME");
    if (env != null && !env.isEmpty()) {
      return Path.of(env);
    }
    String data = System.getenv("XDG_DATA_HOME");
    Path base = data != null && !data.isEmpty() ? Path.of(data) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("kiln");
  }

  int jobs() {
    return jobs != null && jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
  }
}
