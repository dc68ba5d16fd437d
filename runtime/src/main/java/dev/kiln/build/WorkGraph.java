package dev.kiln.build;

import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The packages a run must build and the edges between them: which missing inputs each waits for,
 * which packages wait for it, and its priority — the longest estimated path from it to the end of
 * the run, itself included, so that the critical path starts first. Immutable.
 */
final class WorkGraph {
  private final List<PlannedPackage> todo;
  private final Map<String, List<PlannedPackage>> waitsFor;
  private final Map<String, List<PlannedPackage>> dependents;
  private final Map<String, Long> priority;

  private WorkGraph(List<PlannedPackage> todo, Map<String, List<PlannedPackage>> waitsFor,
      Map<String, List<PlannedPackage>> dependents, Map<String, Long> priority) {
    this.todo = todo;
    this.waitsFor = waitsFor;
    this.dependents = dependents;
    this.priority = priority;
  }

  /** @param todo the missing packages, in the plan's build order (inputs first) */
  static WorkGraph of(Plan plan, List<PlannedPackage> todo, Function<PlannedPackage, Duration> estimate) {
    Set<String> missing = new HashSet<>();
    todo.forEach(p -> missing.add(p.storeName()));
    Map<String, List<PlannedPackage>> waitsFor = new HashMap<>();
    Map<String, List<PlannedPackage>> dependents = new HashMap<>();
    for (PlannedPackage pkg : todo) {
      List<PlannedPackage> inputs = plan.inputsOf(pkg).stream().filter(p -> missing.contains(p.storeName())).distinct().toList();
      waitsFor.put(pkg.storeName(), inputs);
      inputs.forEach(input -> dependents.computeIfAbsent(input.storeName(), k -> new ArrayList<>()).add(pkg));
    }
    Map<String, Long> priority = new HashMap<>();
    for (int i = todo.size() - 1; i >= 0; i--) { // dependents come later in build order: walk backwards
      PlannedPackage pkg = todo.get(i);
      long below = dependents.getOrDefault(pkg.storeName(), List.of()).stream()
          .mapToLong(d -> priority.get(d.storeName())).max().orElse(0);
      priority.put(pkg.storeName(), below + estimate.apply(pkg).toMillis());
    }
    return new WorkGraph(List.copyOf(todo), waitsFor, dependents, priority);
  }

  List<PlannedPackage> todo() {
    return todo;
  }

  List<PlannedPackage> waitsFor(PlannedPackage pkg) {
    return waitsFor.getOrDefault(pkg.storeName(), List.of());
  }

  List<PlannedPackage> dependents(PlannedPackage pkg) {
    return dependents.getOrDefault(pkg.storeName(), List.of());
  }

  /** Estimated milliseconds from this package's start to the end of the longest chain it starts. */
  long priority(PlannedPackage pkg) {
    return priority.get(pkg.storeName());
  }

  /** Every package that (transitively) waits for {@code pkg}. */
  Set<PlannedPackage> blockedBy(PlannedPackage pkg) {
    Set<PlannedPackage> blocked = new HashSet<>();
    List<PlannedPackage> stack = new ArrayList<>(dependents(pkg));
    while (!stack.isEmpty()) {
      PlannedPackage next = stack.remove(stack.size() - 1);
      if (blocked.add(next)) {
        stack.addAll(dependents(next));
      }
    }
    return Collections.unmodifiableSet(blocked);
  }
}
