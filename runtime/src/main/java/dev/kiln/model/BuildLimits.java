package dev.kiln.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a build may run and what it may use: its whole wall time, the time it may go without
 * writing to its log, and its memory and tasks. These say how a build is run, not what it makes,
 * so they are not part of a package's hash.
 *
 * @param timeout the build's whole wall time; empty when not said, zero for no bound
 * @param maxSilent how long the build may write nothing to its log; empty when not said, zero for no bound
 * @param resources memory and tasks; zero fields are not said
 */
public record BuildLimits(Optional<Duration> timeout, Optional<Duration> maxSilent, Limits resources) {
  public static final BuildLimits NONE = new BuildLimits(Optional.empty(), Optional.empty(), Limits.NONE);

  public BuildLimits {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxSilent, "maxSilent");
    Objects.requireNonNull(resources, "resources");
    if (timeout.filter(Duration::isNegative).isPresent() || maxSilent.filter(Duration::isNegative).isPresent()) {
      throw new IllegalArgumentException("a timeout cannot be negative");
    }
  }

  /** These limits, with what they leave unsaid taken from {@code defaults}. */
  public BuildLimits orElse(BuildLimits defaults) {
    return new BuildLimits(timeout.or(defaults::timeout), maxSilent.or(defaults::maxSilent),
        new Limits(resources.memoryBytes() > 0 ? resources.memoryBytes() : defaults.resources.memoryBytes(),
            resources.pids() > 0 ? resources.pids() : defaults.resources.pids()));
  }

  /** The wall time bound, zero when there is none. */
  public Duration wallTime() {
    return timeout.orElse(Duration.ZERO);
  }

  /** The silence bound, zero when there is none. */
  public Duration silence() {
    return maxSilent.orElse(Duration.ZERO);
  }
}
