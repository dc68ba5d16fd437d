package dev.kiln.solve;

import java.util.Optional;

/** A step of the partial solution: a decision (no cause) or a term derived from an incompatibility. */
record Assignment(Term term, int level, int index, Optional<Incompatibility> cause) {
  boolean isDecision() {
    return cause.isEmpty();
  }
}
