package dev.kiln.solve;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search's current assignments, in order, and what they add up to for each slot. Per-slot
 * records sit in a list indexed by slot id: the search asks about slots far more often than it
 * changes them.
 */
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

  /** One slot's assignments, their sum, and its decision if any. */
  private static final class OnSlot {
    final List<Assignment> assignments = new ArrayList<>(4);
    State state;
    int decision = -1;

    OnSlot(Slot slot) {
      state = State.initial(slot);
    }
  }

  private final List<Assignment> assignments = new ArrayList<>();
  private final List<OnSlot> slots = new ArrayList<>();
  private final Map<Slot, Integer> decisions = new LinkedHashMap<>();
  /** Slots that must hold an entry and have none chosen yet (where the next decision comes from), by id. */
  private final BitSet open = new BitSet();
  private final List<Slot> byId = new ArrayList<>();
  private int level;

  void decide(Slot slot, int entry) {
    level++;
    decisions.put(slot, entry);
    on(slot).decision = entry;
    add(new Assignment(Term.of(slot, VersionSet.single(entry)), level, assignments.size(), Optional.empty()));
  }

  void derive(Term term, Incompatibility cause) {
    add(new Assignment(term, level, assignments.size(), Optional.of(cause)));
  }

  private void add(Assignment a) {
    assignments.add(a);
    Slot slot = a.term().slot();
    OnSlot on = on(slot);
    on.assignments.add(a);
    on.state = on.state.and(a.term());
    track(slot, on);
  }

  private void track(Slot slot, OnSlot on) {
    open.set(slot.id(), on.state.required() && on.decision < 0);
  }

  /** Undoes every assignment made after decision {@code target}. */
  void backtrack(int target) {
    while (!assignments.isEmpty() && assignments.get(assignments.size() - 1).level() > target) {
      Assignment a = assignments.remove(assignments.size() - 1);
      Slot slot = a.term().slot();
      OnSlot on = on(slot);
      on.assignments.remove(on.assignments.size() - 1);
      if (a.isDecision()) {
        decisions.remove(slot);
        on.decision = -1;
      }
      State s = State.initial(slot);
      for (Assignment left : on.assignments) {
        s = s.and(left.term());
      }
      on.state = s;
      track(slot, on);
    }
    level = target;
  }

  private OnSlot on(Slot slot) {
    while (slots.size() <= slot.id()) {
      slots.add(null);
      byId.add(null);
    }
    OnSlot on = slots.get(slot.id());
    if (on == null) {
      on = new OnSlot(slot);
      slots.set(slot.id(), on);
      byId.set(slot.id(), slot);
    }
    return on;
  }

  State state(Slot slot) {
    return slot.id() < slots.size() && slots.get(slot.id()) != null ? slots.get(slot.id()).state : State.initial(slot);
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
    for (Assignment a : on(term.slot()).assignments) {
      s = s.and(a.term());
      if (s.relation(term) == Relation.SATISFIED) {
        return a;
      }
    }
    throw new IllegalStateException("no assignment satisfies " + term);
  }

  /** Slots that must hold an entry but have none chosen yet. */
  List<Slot> undecided() {
    List<Slot> result = new ArrayList<>(open.cardinality());
    for (int id = open.nextSetBit(0); id >= 0; id = open.nextSetBit(id + 1)) {
      result.add(byId.get(id));
    }
    return result;
  }

  Map<Slot, Integer> decisions() {
    return decisions;
  }
}
