package dev.kiln.cli;

import dev.kiln.model.BuildLimits;
import dev.kiln.model.Durations;
import dev.kiln.model.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class Options {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Kiln's state: store, logs, sources (default: $KILN_HOME, else ~/.local/share/kiln).")
  Path home;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N",
      description = "Parallel jobs for all builds together, shared out as each build's $JOBS (default: CPU count).")
  Integer jobs;

  @Option(names = {"-J", "--slots"}, paramLabel = "N", description = "Packages built at once (default: CPU count).")
  Integer slots;

  @Option(names = {"-k", "--keep-going"}, description = "After a failure, build everything that does not need the failed package.")
  boolean keepGoing;

  @Option(names = {"-q", "--quiet"}, description = "Print only failures and the summary.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print every phase of every build, and whole logs of failed builds.")
  boolean verbose;

  @Option(names = "--no-substitute", description = "Build everything; never download packages from the recipe's repos.")
  boolean noSubstitute;

  @Option(names = "--no-eval-cache",
      description = "Evaluate the recipe even when it and everything it read are unchanged since the last evaluation.")
  boolean noEvalCache;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop a build that runs longer than this (90, 90s, 10m, 2h) unless its package or stage says otherwise.")
  Duration timeout;

  @Option(names = "--max-silent", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop a build that writes nothing to its log for this long, unless its package or stage says otherwise.")
  Duration maxSilent;

  @Option(names = "--host-root", paramLabel = "DIR",
      description = "Import host_tools from the system below DIR (a mounted image, say) instead of the host's / .")
  Path hostRoot;

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

  int slots() {
    return slots != null && slots > 0 ? slots : Runtime.getRuntime().availableProcessors();
  }

  Progress.Verbosity verbosity() {
    return quiet ? Progress.Verbosity.QUIET : verbose ? Progress.Verbosity.VERBOSE : Progress.Verbosity.NORMAL;
  }

  /** The limits of a build whose package and stage do not set them. */
  BuildLimits buildDefaults() {
    return new BuildLimits(Optional.ofNullable(timeout), Optional.ofNullable(maxSilent), Limits.NONE);
  }

  /** Reads --timeout and --max-silent, saying what a duration looks like when one does not. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  int jobs() {
    return jobs != null && jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
  }
}
