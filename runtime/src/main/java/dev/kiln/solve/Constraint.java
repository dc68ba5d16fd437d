package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A package name and the versions it may have: {@code musl}, {@code musl >= 1.2} or a range
 * {@code musl >= 1.2, < 1.3}. Every bound must hold. Spaces around operators are optional.
 *
 * <p>In a list of constraints (an index's {@code Depends:} field) commas separate constraints, and a
 * comma followed by an operator continues the range of the constraint before it:
 * {@code musl >= 1.2, < 1.3, zlib} is two constraints.
 */
public record Constraint(String name, List<Bound> bounds) {
  public Constraint {
    PackageNames.check(name);
    bounds = List.copyOf(bounds);
  }

  /** Any version of {@code name}. */
  public static Constraint any(String name) {
    return new Constraint(name, List.of());
  }

  /** One constraint; throws IllegalArgumentException saying where the text goes wrong. */
  public static Constraint parse(String text) {
    return ConstraintSyntax.one(text);
  }

  /** Comma-separated constraints, as in an index's {@code Depends:} field; blank text is an empty list. */
  public static List<Constraint> parseList(String text) {
    return ConstraintSyntax.list(text, 0, text.length());
  }

  /** Whether a package of this name at {@code version} satisfies every bound. */
  public boolean admits(Version version) {
    for (Bound bound : bounds) {
      if (!bound.accepts(version)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a package providing {@code provide} (of this name) satisfies the constraint. As in pacman,
   * a provide without a version satisfies only a constraint without bounds.
   */
  public boolean admits(Provide provide) {
    return bounds.isEmpty() || provide.version().map(this::admits).orElse(false);
  }

  @Override
  public String toString() {
    return bounds.isEmpty() ? name
        : name + " " + bounds.stream().map(Bound::toString).collect(Collectors.joining(", "));
  }
}
