package dev.kiln.solve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Terms that must not all hold at once, with the reason. Identity matters (the explanation numbers
 * incompatibilities it refers to twice), so equality is the object's.
 */
final class Incompatibility {
  private final List<Term> terms;
  private final Cause cause;

  private Incompatibility(List<Term> terms, Cause cause) {
    this.terms = terms;
    this.cause = cause;
  }

  /** Terms on the same slot are merged, and terms true whatever happens are dropped: they add nothing. */
  static Incompatibility of(List<Term> terms, Cause cause) {
    Map<Slot, Term> bySlot = new LinkedHashMap<>();
    for (Term t : terms) {
      bySlot.merge(t.slot(), t, Term::intersect);
    }
    List<Term> kept = new ArrayList<>(bySlot.size());
    for (Term t : bySlot.values()) {
      if (!t.isTautology()) {
        kept.add(t);
      }
    }
    return new Incompatibility(List.copyOf(kept), cause);
  }

  List<Term> terms() {
    return terms;
  }

  Cause cause() {
    return cause;
  }

  boolean isDerived() {
    return cause instanceof Cause.Derived;
  }

  /** Holds whatever is chosen: it has a term nothing can satisfy, so it forbids nothing. */
  boolean isVacuous() {
    return terms.stream().anyMatch(Term::isImpossible);
  }

  /** Says the request itself cannot be satisfied. */
  boolean isFailure() {
    return terms.isEmpty() || (terms.size() == 1 && terms.get(0).positive() && terms.get(0).slot().isRoot());
  }

  @Override
  public String toString() {
    return terms + " because " + cause.getClass().getSimpleName();
  }
}
