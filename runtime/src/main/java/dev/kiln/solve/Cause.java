package dev.kiln.solve;

import java.util.Optional;

/** Why an incompatibility holds: a fact of the index or the request, or a derivation from two others. */
sealed interface Cause {
  /** The request must be satisfied. */
  record Root() implements Cause {}

  /** A candidate (or the request, at the root) depends on a constraint. */
  record Dependency(Slot from, int entry, Constraint constraint) implements Cause {}

  /** A candidate conflicts with a constraint, met by {@code via} when it is a provider of the name. */
  record Conflict(Slot from, int entry, Constraint constraint, Optional<Candidate> via) implements Cause {}

  /** Choosing a provider for a name means installing it. */
  record Provision(Slot name, int entry) implements Cause {}

  /** Nothing in the index satisfies a constraint. */
  record NoVersions(Slot slot, Constraint constraint) implements Cause {}

  /** Resolution of {@code conflict} with the cause of the assignment that satisfied it. */
  record Derived(Incompatibility conflict, Incompatibility other) implements Cause {}
}
