package dev.kiln.solve;

/**
 * A statement about one slot: positive, "an entry in {@code set} is chosen"; negative, "no entry in
 * {@code set} is chosen" (the slot may then be left empty: the package is not installed).
 */
record Term(Slot slot, VersionSet set, boolean positive) {
  static Term of(Slot slot, VersionSet set) {
    return new Term(slot, set, true);
  }

  static Term not(Slot slot, VersionSet set) {
    return new Term(slot, set, false);
  }

  Term negate() {
    return new Term(slot, set, !positive);
  }

  /** Both terms at once (same slot). */
  Term intersect(Term other) {
    if (positive && other.positive) {
      return of(slot, set.and(other.set));
    }
    if (positive) {
      return of(slot, set.minus(other.set));
    }
    if (other.positive) {
      return of(slot, other.set.minus(set));
    }
    return not(slot, set.or(other.set));
  }

  /** This term but not {@code other}. */
  Term difference(Term other) {
    return intersect(other.negate());
  }

  /** A term nothing satisfies. */
  boolean isImpossible() {
    return positive && set.isEmpty();
  }

  /** A term everything satisfies. */
  boolean isTautology() {
    return !positive && set.isEmpty();
  }

  @Override
  public String toString() {
    return (positive ? "" : "not ") + slot.describe(set);
  }
}
