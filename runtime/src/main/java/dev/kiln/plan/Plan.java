package dev.kiln.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run is about: the requested packages and everything below them, hashed, in an order where
 * every package comes after its inputs. Immutable.
 */
public final class Plan {
  private final List<PlannedPackage> targets;
  private final Map<String, PlannedPackage> byStoreName;

  Plan(List<PlannedPackage> targets, List<PlannedPackage> buildOrder) {
    this.targets = List.copyOf(targets);
    Map<String, PlannedPackage> map = new LinkedHashMap<>();
    buildOrder.forEach(p -> map.put(p.storeName(), p));
    this.byStoreName = Collections.unmodifiableMap(map);
  }

  public List<PlannedPackage> targets() {
    return targets;
  }

  /** Every package of the plan, inputs before the packages that use them. */
  public List<PlannedPackage> buildOrder() {
    return List.copyOf(byStoreName.values());
  }

  public Optional<PlannedPackage> byStoreName(String storeName) {
    return Optional.ofNullable(byStoreName.get(storeName));
  }

  /** The package's direct inputs. */
  public List<PlannedPackage> inputsOf(PlannedPackage pkg) {
    return pkg.inputs().stream().map(byStoreName::get).toList();
  }

  /** The package's inputs and their inputs, all the way down, without the package itself. */
  public List<PlannedPackage> closureOf(PlannedPackage pkg) {
    Map<String, PlannedPackage> seen = new LinkedHashMap<>();
    collect(pkg, seen);
    seen.remove(pkg.storeName());
    return List.copyOf(seen.values());
  }

  /**
   * The package's declared dependencies and theirs, all the way down, in declaration order: what a
   * build links against, as opposed to the stage toolchain it runs.
   */
  public List<PlannedPackage> dependencyClosureOf(PlannedPackage pkg) {
    Map<String, PlannedPackage> seen = new LinkedHashMap<>();
    collectDependencies(pkg, seen);
    seen.remove(pkg.storeName());
    return List.copyOf(seen.values());
  }

  private void collectDependencies(PlannedPackage pkg, Map<String, PlannedPackage> seen) {
    if (seen.putIfAbsent(pkg.storeName(), pkg) == null) {
      pkg.dependencies().values().forEach(name -> collectDependencies(byStoreName.get(name), seen));
    }
  }

  private void collect(PlannedPackage pkg, Map<String, PlannedPackage> seen) {
    if (seen.putIfAbsent(pkg.storeName(), pkg) == null) {
      inputsOf(pkg).forEach(input -> collect(input, seen));
    }
  }
}
