package dev.kiln.solve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One PubGrub search: unit propagation, decisions and conflict resolution over lazily built slots. */
final class Search {
  private final Universe universe;
  private final Slot root;
  private final Map<String, Slot> slots = new HashMap<>();
  /** Requested names are slots 1..requested, in the order asked: decided first, so they get their newest versions. */
  private final int requested;
  private final Map<Slot, List<Incompatibility>> incompatibilities = new HashMap<>();
  /** Entries whose dependencies and conflicts have been added, so each is added once. */
  private final Map<Slot, Set<Integer>> expanded = new HashMap<>();
  private final PartialSolution solution = new PartialSolution();

  Search(Universe universe, List<Constraint> requests) {
    this.universe = universe;
    this.root = Slot.root(requests);
    requests.forEach(c -> slot(c.name()));
    this.requested = slots.size();
  }

  Solution run() throws UnsatisfiableException {
    add(Incompatibility.of(List.of(Term.not(root, root.all())), new Cause.Root()));
    Optional<Slot> next = Optional.of(root);
    while (next.isPresent()) {
      propagate(next.get());
      next = decideNext();
    }
    List<Candidate> chosen = new ArrayList<>();
    solution.decisions().forEach((slot, entry) -> {
      if (slot.entry(entry) instanceof Entry.Real r) {
        chosen.add(r.candidate());
      }
    });
    return new Solution(chosen);
  }

  private Slot slot(String name) {
    return slots.computeIfAbsent(name, n -> Slot.of(slots.size() + 1, n, universe));
  }

  private void add(Incompatibility incompatibility) {
    for (Term t : incompatibility.terms()) {
      incompatibilities.computeIfAbsent(t.slot(), s -> new ArrayList<>()).add(incompatibility);
    }
  }

  // ---- unit propagation

  private void propagate(Slot start) throws UnsatisfiableException {
    Deque<Slot> changed = new ArrayDeque<>();
    changed.add(start);
    while (!changed.isEmpty()) {
      Slot slot = changed.pop();
      List<Incompatibility> list = incompatibilities.getOrDefault(slot, List.of());
      // Newest first: learned incompatibilities are the most informative.
      for (int i = list.size() - 1; i >= 0; i--) {
        Incompatibility incompatibility = list.get(i);
        Check check = check(incompatibility);
        if (check.conflict()) {
          Incompatibility learned = resolve(incompatibility);
          Term derived = check(learned).derivable().orElseThrow();
          solution.derive(derived.negate(), learned);
          changed.clear();
          changed.add(derived.slot());
          break;
        }
        if (check.derivable().isPresent()) {
          Term term = check.derivable().get();
          solution.derive(term.negate(), incompatibility);
          changed.add(term.slot());
        }
      }
    }
  }

  /** What an incompatibility says now: nothing, a term whose negation follows, or a conflict. */
  private record Check(boolean conflict, Optional<Term> derivable) {
    static final Check NOTHING = new Check(false, Optional.empty());
    static final Check CONFLICT = new Check(true, Optional.empty());
  }

  /** Every term satisfied is a conflict; all but one satisfied and that one undecided lets its negation be derived. */
  private Check check(Incompatibility incompatibility) {
    Term undecided = null;
    for (Term t : incompatibility.terms()) {
      PartialSolution.Relation r = solution.relation(t);
      if (r == PartialSolution.Relation.CONTRADICTED) {
        return Check.NOTHING;
      }
      if (r == PartialSolution.Relation.INCONCLUSIVE) {
        if (undecided != null) {
          return Check.NOTHING;
        }
        undecided = t;
      }
    }
    return undecided == null ? Check.CONFLICT : new Check(false, Optional.of(undecided));
  }

  // ---- conflict resolution

  /**
   * Derives, from a satisfied incompatibility, one that backjumping leaves almost satisfied, so
   * propagation can go on; or fails with the explanation when the derivation reaches the request.
   */
  private Incompatibility resolve(Incompatibility incompatibility) throws UnsatisfiableException {
    boolean learned = false;
    while (!incompatibility.isFailure()) {
      Term recentTerm = null;
      Assignment recent = null;
      Term difference = null;
      int previousLevel = 1;
      for (Term term : incompatibility.terms()) {
        Assignment satisfier = solution.satisfier(term);
        if (recent == null || recent.index() < satisfier.index()) {
          if (recent != null) {
            previousLevel = Math.max(previousLevel, recent.level());
          }
          recentTerm = term;
          recent = satisfier;
          difference = null;
        } else {
          previousLevel = Math.max(previousLevel, satisfier.level());
        }
        if (recentTerm == term) {
          // The satisfier may satisfy the term only together with earlier assignments on its slot.
          Term rest = recent.term().difference(recentTerm);
          difference = rest.isImpossible() ? null : rest;
          if (difference != null) {
            previousLevel = Math.max(previousLevel, solution.satisfier(difference.negate()).level());
          }
        }
      }
      if (recent.isDecision() || previousLevel < recent.level()) {
        solution.backtrack(previousLevel);
        if (learned) {
          add(incompatibility);
        }
        return incompatibility;
      }
      Incompatibility other = recent.cause().orElseThrow();
      List<Term> terms = new ArrayList<>();
      for (Term t : incompatibility.terms()) {
        if (t != recentTerm) {
          terms.add(t);
        }
      }
      for (Term t : other.terms()) {
        if (t.slot() != recent.term().slot()) {
          terms.add(t);
        }
      }
      if (difference != null) {
        terms.add(difference.negate());
      }
      incompatibility = Incompatibility.of(terms, new Cause.Derived(incompatibility, other));
      learned = true;
    }
    throw new UnsatisfiableException(Explanation.of(incompatibility));
  }

  // ---- decisions

  /** Chooses the next slot and tries its most preferred entry; empty when every required slot is decided. */
  private Optional<Slot> decideNext() {
    List<Slot> open = solution.undecided();
    if (open.isEmpty()) {
      return Optional.empty();
    }
    Slot slot = mostUrgent(open);
    VersionSet possible = solution.state(slot).possible();
    int entry = possible.first();
    if (entry < 0) {
      throw new IllegalStateException("propagation left " + slot + " required with no possible entry");
    }
    boolean conflict = false;
    for (Incompatibility incompatibility : facts(slot, entry)) {
      add(incompatibility);
      conflict |= incompatibility.terms().stream().allMatch(t -> t.slot() == slot || solution.satisfies(t));
    }
    if (!conflict) {
      solution.decide(slot, entry);
    }
    return Optional.of(slot);
  }

  /**
   * The request first, then requested names in order, then the slot with fewest choices left (it
   * fails soonest), then the first met. One pass with plain keys: this runs once per decision over
   * every open slot.
   */
  private Slot mostUrgent(List<Slot> open) {
    Slot best = null;
    long bestKey = Long.MAX_VALUE;
    for (Slot s : open) {
      // The root is slot 0 and requested names are slots 1..n in request order.
      long rank = Math.min(s.id(), requested + 1L);
      long choices = Math.min(solution.state(s).possible().size(), 0xffff);
      long key = (rank << 48) | (choices << 32) | s.id();
      if (key < bestKey) {
        bestKey = key;
        best = s;
      }
    }
    return best;
  }

  /** What choosing {@code entry} of {@code slot} brings: its dependencies and conflicts, built once. */
  private List<Incompatibility> facts(Slot slot, int entry) {
    if (!expanded.computeIfAbsent(slot, s -> new HashSet<>()).add(entry)) {
      return List.of();
    }
    Term chosen = Term.of(slot, VersionSet.single(entry));
    List<Incompatibility> facts = new ArrayList<>();
    Entry e = slot.entry(entry);
    if (e instanceof Entry.Root r) {
      r.requests().forEach(c -> facts.add(dependency(chosen, slot, entry, c)));
    } else if (e instanceof Entry.Real r) {
      r.candidate().depends().forEach(c -> facts.add(dependency(chosen, slot, entry, c)));
      r.candidate().conflicts().forEach(c -> conflicts(chosen, slot, entry, r.candidate(), c, facts));
    } else if (e instanceof Entry.Provided p) {
      Slot by = slot(p.by().name());
      VersionSet it = VersionSet.single(by.indexOf(p.by()).orElseThrow());
      facts.add(Incompatibility.of(List.of(chosen, Term.not(by, it)), new Cause.Provision(slot, entry)));
    }
    facts.removeIf(Incompatibility::isVacuous);
    return facts;
  }

  /**
   * "{@code chosen} needs {@code constraint}". When nothing satisfies the constraint, the fact is
   * derived from the dependency and a no-versions fact, so the explanation can say both.
   */
  private Incompatibility dependency(Term chosen, Slot slot, int entry, Constraint constraint) {
    Slot target = slot(constraint.name());
    VersionSet allowed = target.matching(constraint);
    Incompatibility dependency = Incompatibility.of(List.of(chosen, Term.not(target, allowed)),
        new Cause.Dependency(slot, entry, constraint));
    if (!allowed.isEmpty()) {
      return dependency;
    }
    Incompatibility none = Incompatibility.of(List.of(Term.of(target, allowed)), new Cause.NoVersions(target, constraint));
    return Incompatibility.of(List.of(chosen), new Cause.Derived(dependency, none));
  }

  /** "{@code chosen} excludes whatever is named or provides {@code constraint}", one fact per excluded package. */
  private void conflicts(Term chosen, Slot slot, int entry, Candidate self, Constraint constraint,
      List<Incompatibility> facts) {
    if (!constraint.name().equals(self.name())) {
      Slot target = slot(constraint.name());
      VersionSet excluded = target.realMatching(constraint);
      if (!excluded.isEmpty()) {
        facts.add(Incompatibility.of(List.of(chosen, Term.of(target, excluded)),
            new Cause.Conflict(slot, entry, constraint, Optional.empty())));
      }
    }
    for (Universe.Provider p : universe.providers(constraint.name())) {
      if (!p.candidate().name().equals(self.name()) && constraint.admits(p.provide())) {
        Slot by = slot(p.candidate().name());
        VersionSet excluded = VersionSet.single(by.indexOf(p.candidate()).orElseThrow());
        facts.add(Incompatibility.of(List.of(chosen, Term.of(by, excluded)),
            new Cause.Conflict(slot, entry, constraint, Optional.of(p.candidate()))));
      }
    }
  }
}
