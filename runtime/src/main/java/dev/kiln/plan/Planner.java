package dev.kiln.plan;

import dev.kiln.hash.Sha256;
import dev.kiln.host.HostSeal;
import dev.kiln.model.Dependency;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Resolves dependencies and hashes packages, inputs first, into a {@link Plan}. */
public final class Planner {
  private final Recipe recipe;
  private final HostFingerprint host;
  private final Map<Package, PlannedPackage> planned = new IdentityHashMap<>();
  private final Map<Package, Boolean> visiting = new IdentityHashMap<>();
  private final Map<String, PlannedPackage> order = new LinkedHashMap<>();

  /** The recipe's packages by stage and name, and by name: the last declared wins, as in {@link Recipe#find}. */
  private final Map<String, Package> byStageAndName = new java.util.HashMap<>();
  private final Map<String, Package> byName = new java.util.HashMap<>();
  private final Map<String, List<Package>> byStage = new java.util.HashMap<>();

  private Planner(Recipe recipe, HostFingerprint host) {
    this.recipe = recipe;
    this.host = host;
    // Indexed once: looking each dependency up by a scan made planning quadratic in the recipe's size.
    for (Package pkg : recipe.packages()) {
      byStageAndName.put(pkg.stage() + "/" + pkg.name(), pkg);
      byName.put(pkg.name(), pkg);
      byStage.computeIfAbsent(pkg.stage(), k -> new ArrayList<>()).add(pkg);
    }
  }

  private java.util.Optional<Package> find(String name, String stage) {
    return java.util.Optional.ofNullable(byStageAndName.get(stage + "/" + name));
  }

  /** The host files a host import's package is hashed over (from a lock file, or the host as it is). */
  public interface HostFingerprint {
    HostSeal of(Package pkg) throws java.io.IOException;
  }

  /** Plans the named packages, or every package of the recipe when {@code names} is empty. */
  public static Plan plan(Recipe recipe, List<String> names) throws RecipeException {
    return plan(recipe, names, (HostFingerprint) null);
  }

  /** Plans with host imports fingerprinted by {@code host} (null: a recipe without host imports). */
  public static Plan plan(Recipe recipe, List<String> names, HostFingerprint host) throws RecipeException {
    List<Package> wanted = new ArrayList<>();
    if (names.isEmpty()) {
      wanted.addAll(recipe.packages());
    } else {
      for (String name : names) {
        // "final/busybox" picks a stage; "busybox" the package of that name declared last.
        int slash = name.indexOf('/');
        java.util.Optional<Package> found = slash < 0 ? recipe.find(name)
            : recipe.find(name.substring(slash + 1), name.substring(0, slash));
        wanted.add(found.orElseThrow(() -> unknownTarget(recipe, name)));
      }
    }
    return planPackages(recipe, wanted, host);
  }

  /** Plans packages that need not be part of the recipe, for a recipe without host imports. */
  public static Plan planPackages(Recipe recipe, List<Package> packages) throws RecipeException {
    return planPackages(recipe, packages, null);
  }

  /** Plans packages that need not be part of the recipe (variants made with {@code .with}). */
  public static Plan planPackages(Recipe recipe, List<Package> packages, HostFingerprint host)
      throws RecipeException {
    Planner planner = new Planner(recipe, host);
    List<PlannedPackage> targets = new ArrayList<>();
    for (Package pkg : packages) {
      targets.add(planner.visit(pkg, new ArrayList<>()));
    }
    return new Plan(targets, new ArrayList<>(planner.order.values()));
  }

  private PlannedPackage visit(Package pkg, List<String> path) throws RecipeException {
    PlannedPackage done = planned.get(pkg);
    if (done != null) {
      return done;
    }
    path.add(pkg.name());
    if (visiting.put(pkg, Boolean.TRUE) != null) {
      throw new RecipeException(pkg.declaredAt(), "dependency cycle: " + String.join(" -> ", path),
          "a package cannot need itself, directly or through others");
    }
    TreeMap<String, Sha256> inputHashes = new TreeMap<>();
    List<String> inputs = new ArrayList<>();
    Map<String, String> dependencies = new LinkedHashMap<>();
    for (Dependency dep : pkg.dependencies()) {
      PlannedPackage in = visit(resolve(pkg, dep), path);
      inputHashes.put(dep.name(), in.hash());
      inputs.add(in.storeName());
      dependencies.put(dep.name(), in.storeName());
    }
    // A stage's toolchain is every package of the stages it is built from: inputs of everything in it.
    for (String from : recipe.stage(pkg.stage()).from()) {
      for (Package tool : byStage.getOrDefault(from, List.of())) {
        PlannedPackage in = visit(tool, path);
        inputHashes.put("toolchain:" + from + "/" + tool.name(), in.hash());
        if (!inputs.contains(in.storeName())) {
          inputs.add(in.storeName());
        }
      }
    }
    java.util.Optional<HostSeal> seal = hostSeal(pkg);
    Sha256 hash = PackageHash.of(pkg, recipe.stage(pkg.stage()), inputHashes,
        seal.map(s -> s.manifest().fingerprint()));
    PlannedPackage result = new PlannedPackage(pkg, hash, PlannedPackage.storeNameOf(pkg, hash), inputs, dependencies, seal);
    visiting.remove(pkg);
    path.remove(path.size() - 1);
    planned.put(pkg, result);
    order.putIfAbsent(result.storeName(), result);
    return result;
  }

  /**
   * A dependency is looked up in the package's own stage, then in the stages it is built from; the
   * package found must satisfy the dependency's version constraint.
   */
  private Package resolve(Package pkg, Dependency dep) throws RecipeException {
    Package found = lookUp(pkg, dep);
    if (!dep.constraint().isEmpty()) {
      try {
        if (!dev.kiln.solve.Constraint.parse(dep.text()).admits(dev.kiln.version.Version.parse(found.version()))) {
          throw new RecipeException(dep.declaredAt(), pkg.name() + " needs " + dep.text() + ", but the recipe's "
              + found.name() + " is " + found.version(), "change the constraint or the version of " + found.name());
        }
      } catch (IllegalArgumentException e) {
        throw new RecipeException(dep.declaredAt(), e.getMessage(), "constraints look like \"musl >= 1.2, < 1.3\"");
      }
    }
    return found;
  }

  /**
   * A dependency is looked up in the package's own stage, then along its stage's {@code from:}
   * chain, nearest stage first: a stage built from :final sees :final's packages and, behind them,
   * those of the stages :final was built from.
   */
  private Package lookUp(Package pkg, Dependency dep) throws RecipeException {
    for (String stage : stageChain(pkg.stage())) {
      java.util.Optional<Package> found = find(dep.name(), stage);
      if (found.isPresent()) {
        return found.get();
      }
    }
    if (recipe.stages().isEmpty()) {
      return java.util.Optional.ofNullable(byName.get(dep.name())).orElseThrow(() -> unknownDependency(pkg, dep));
    }
    throw unknownDependency(pkg, dep);
  }

  /** The stage and every stage it is built from, breadth first. */
  private List<String> stageChain(String stage) {
    List<String> chain = new ArrayList<>(List.of(stage));
    for (int i = 0; i < chain.size(); i++) {
      for (String from : recipe.stage(chain.get(i)).from()) {
        if (!chain.contains(from)) {
          chain.add(from);
        }
      }
    }
    return chain;
  }

  private java.util.Optional<HostSeal> hostSeal(Package pkg) throws RecipeException {
    if (pkg.hostImport().isEmpty()) {
      return java.util.Optional.empty();
    }
    if (host == null) {
      throw new RecipeException(pkg.declaredAt(), "host imports need a fingerprinter", null);
    }
    try {
      return java.util.Optional.of(host.of(pkg));
    } catch (java.io.IOException e) {
      throw new RecipeException(pkg.declaredAt(), e.getMessage(), "install the program on the host, or remove it from host_tools");
    }
  }

  private RecipeException unknownDependency(Package pkg, Dependency dep) {
    SourceLocation at = dep.declaredAt().equals(SourceLocation.UNKNOWN) ? pkg.declaredAt() : dep.declaredAt();
    java.util.Optional<Package> elsewhere = java.util.Optional.ofNullable(byName.get(dep.name()));
    String hint = elsewhere.map(p -> dep.name() + " is defined in stage " + p.stage()
            + ", which stage " + pkg.stage() + " is not built from: add it to from:")
        .orElse("define it with package \"" + dep.name() + "\", \"<version>\" do ... end, or fix the name");
    return new RecipeException(at,
        pkg.name() + " depends on \"" + dep.name() + "\", which no package in the recipe defines"
            + (pkg.stage().equals("default") ? "" : " in stage " + pkg.stage() + " or the stages it is built from"),
        hint);
  }

  private static RecipeException unknownTarget(Recipe recipe, String name) {
    return new RecipeException(new SourceLocation(recipe.file().toString(), 0),
        "no package named \"" + name + "\"",
        recipe.packageNames().isEmpty() ? "the recipe defines no packages"
            : "the recipe defines: " + String.join(", ", recipe.packageNames()));
  }
}
