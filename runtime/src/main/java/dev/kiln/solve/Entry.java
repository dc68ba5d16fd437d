package dev.kiln.solve;

import java.util.List;

/** One choice for a slot: a real version, another package providing the slot's name, or the request itself. */
sealed interface Entry {
  /** The package, at a version, answering to the slot's own name. */
  record Real(Candidate candidate) implements Entry {
    @Override
    public String toString() {
      return candidate.toString();
    }
  }

  /** Another package that provides the slot's name; choosing it means installing that package. */
  record Provided(Candidate by, Provide provide) implements Entry {
    @Override
    public String toString() {
      return by + " (as " + provide + ")";
    }
  }

  /** The root of the search: what was asked for. */
  record Root(List<Constraint> requests) implements Entry {
    @Override
    public String toString() {
      return "the request";
    }
  }
}
