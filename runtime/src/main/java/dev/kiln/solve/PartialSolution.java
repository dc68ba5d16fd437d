package dev.kiln.solve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The search's current assignments, in order, and what they add up to for each slot. */
final class PartialSolution {
  /** Whether the assignments so far make a term true, false, or neither yet. */
  enum Relation { SATISFIED, CONTRADICTED, INCONCLUSIVE }

  /** What the assignments on one slot add up to: the entries still possible, and whether one must be chosen. */
  record State(VersionSet possible, boolean required) {
    static State initial(Slot slot) {
      return new State(slot.all(), false);
    }

    State and(Term term) {
      return term.positive() ? new State(possible.and(term.set()), true)
          : new State(possible.minus(term.set()), required);
    }

    Relation relation(Term term) {
      boolean disjoint = !possible.intersects(term.set());
      boolean forced = required && possible.within(term.set());
      if (term.positive()) {
        return forced ? Relation.SATISFIED : disjoint ? Relation.CONTRADICTED : Relation.INCONCLUSIVE;
      }
      return disjoint ? Relation.SATISFIED : forced ? Relation.CONTRADICTED : Relation.INCONCLUSIVE;
    }
  }

  private final List<Assignment> assignments = new ArrayList<>();
  private final Map<Slot, List<Assignment>> bySlot = new HashMap<>();
  private final Map<Slot, State> states = new HashMap<>();
  private final Map<Slot, Integer> decisions = new LinkedHashMap<>();
  private int level;

  void decide(Slot slot, int entry) {
    level++;
    decisions.put(slot, entry);
    add(new Assignment(Term.of(slot, VersionSet.single(entry)), level, assignments.size(), Optional.empty()));
  }

  void derive(Term term, Incompatibility cause) {
    add(new Assignment(term, level, assignments.size(), Optional.of(cause)));
  }

  private void add(Assignment a) {
    assignments.add(a);
    bySlot.computeIfAbsent(a.term().slot(), s -> new ArrayList<>()).add(a);
    states.put(a.term().slot(), state(a.term().slot()).and(a.term()));
  }

  /** Undoes every assignment made after decision {@code target}. */
  void backtrack(int target) {
    while (!assignments.isEmpty() && assignments.get(assignments.size() - 1).level() > target) {
      Assignment a = assignments.remove(assignments.size() - 1);
      Slot slot = a.term().slot();
      List<Assignment> onSlot = bySlot.get(slot);
      onSlot.remove(onSlot.size() - 1);
      if (a.isDecision()) {
        decisions.remove(slot);
      }
      State s = State.initial(slot);
      for (Assignment left : onSlot) {
        s = s.and(left.term());
      }
      states.put(slot, s);
    }
    level = target;
  }

  State state(Slot slot) {
    State s = states.get(slot);
    return s != null ? s : State.initial(slot);
  }

  Relation relation(Term term) {
    return state(term.slot()).relation(term);
  }

  boolean satisfies(Term term) {
    return relation(term) == Relation.SATISFIED;
  }

  /** The earliest assignment after which {@code term} is satisfied; the caller knows it is. */
  Assignment satisfier(Term term) {
    State s = State.initial(term.slot());
    for (Assignment a : bySlot.getOrDefault(term.slot(), List.of())) {
      s = s.and(a.term());
      if (s.relation(term) == Relation.SATISFIED) {
        return a;
      }
    }
    throw new IllegalStateException("no assignment satisfies " + term);
  }

  /** Slots that must hold an entry but have none chosen yet. */
  List<Slot> undecided() {
    List<Slot> result = new ArrayList<>();
    for (Map.Entry<Slot, State> e : states.entrySet()) {
      if (e.getValue().required() && !decisions.containsKey(e.getKey())) {
        result.add(e.getKey());
      }
    }
    return result;
  }

  Map<Slot, Integer> decisions() {
    return decisions;
  }
}
