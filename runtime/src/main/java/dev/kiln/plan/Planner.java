package dev.kiln.plan;

import dev.kiln.hash.Sha256;
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
  private final Map<Package, PlannedPackage> planned = new IdentityHashMap<>();
  private final Map<Package, Boolean> visiting = new IdentityHashMap<>();
  private final Map<String, PlannedPackage> order = new LinkedHashMap<>();

  private Planner(Recipe recipe) {
    this.recipe = recipe;
  }

  /** Plans the named packages, or every package of the recipe when {@code names} is empty. */
  public static Plan plan(Recipe recipe, List<String> names) throws RecipeException {
    List<Package> wanted = new ArrayList<>();
    if (names.isEmpty()) {
      wanted.addAll(recipe.packages());
    } else {
      for (String name : names) {
        wanted.add(recipe.find(name).orElseThrow(() -> unknownTarget(recipe, name)));
      }
    }
    return planPackages(recipe, wanted);
  }

  /** Plans packages that need not be part of the recipe (variants made with {@code .with}). */
  public static Plan planPackages(Recipe recipe, List<Package> packages) throws RecipeException {
    Planner planner = new Planner(recipe);
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
    for (Dependency dep : pkg.dependencies()) {
      Package input = recipe.find(dep.name()).orElseThrow(() -> unknownDependency(pkg, dep));
      PlannedPackage in = visit(input, path);
      inputHashes.put(dep.name(), in.hash());
      inputs.add(in.storeName());
    }
    Sha256 hash = PackageHash.of(pkg, recipe.stage(pkg.stage()), inputHashes);
    PlannedPackage result = new PlannedPackage(pkg, hash, PlannedPackage.storeNameOf(pkg, hash), inputs);
    visiting.remove(pkg);
    path.remove(path.size() - 1);
    planned.put(pkg, result);
    order.putIfAbsent(result.storeName(), result);
    return result;
  }

  private static RecipeException unknownDependency(Package pkg, Dependency dep) {
    SourceLocation at = dep.declaredAt().equals(SourceLocation.UNKNOWN) ? pkg.declaredAt() : dep.declaredAt();
    return new RecipeException(at,
        pkg.name() + " depends on \"" + dep.name() + "\", which no package in the recipe defines",
        "define it with package \"" + dep.name() + "\", \"<version>\" do ... end, or fix the name");
  }

  private static RecipeException unknownTarget(Recipe recipe, String name) {
    return new RecipeException(new SourceLocation(recipe.file().toString(), 0),
        "no package named \"" + name + "\"",
        recipe.packageNames().isEmpty() ? "the recipe defines no packages"
            : "the recipe defines: " + String.join(", ", recipe.packageNames()));
  }
}
