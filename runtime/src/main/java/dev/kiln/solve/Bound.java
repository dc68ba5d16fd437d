package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.Objects;

/** One side of a constraint, such as {@code >= 1.2}. */
public record Bound(Op op, Version version) {
  public Bound {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(version, "version");
  }

  /**
   * Compared as pacman's vercmp does, so a bound without a release ({@code = 1.2}) accepts every
   * release of that version ({@code 1.2-1}, {@code 1.2-7}).
   */
  public boolean accepts(Version candidate) {
    return op.accepts(candidate.compareTo(version));
  }

  @Override
  public String toString() {
    return op.symbol() + " " + version;
  }
}
