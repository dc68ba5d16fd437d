package dev.kiln.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one evaluation of a recipe file declared: packages (in declaration order), stages and
 * mirrors. Immutable; the plan is computed from it.
 *
 * @param file the recipe file, for messages
 * @param mirrors directories holding sources by sha256 or file name, consulted before any URL
 * @param requests packages a script asked to build with {@code .build} (one-off rebuilds), in order
 * @param repos binary repos to substitute builds from, in declaration order
 */
public record Recipe(Path file, Map<String, Stage> stages, List<Package> packages, List<Path> mirrors,
    List<Package> requests, List<RepoRef> repos) {
  public Recipe {
    stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    packages = List.copyOf(packages);
    mirrors = List.copyOf(mirrors);
    requests = List.copyOf(requests);
    repos = List.copyOf(repos);
  }

  /** A recipe that names no repos. */
  public Recipe(Path file, Map<String, Stage> stages, List<Package> packages, List<Path> mirrors,
      List<Package> requests) {
    this(file, stages, packages, mirrors, requests, List.of());
  }

  /** The repo of this name. */
  public Optional<RepoRef> repo(String name) {
    return repos.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** A recipe of just these packages, in the default stage. */
  public static Recipe of(Path file, List<Package> packages) {
    return new Recipe(file, Map.of(), packages, List.of(), List.of());
  }

  /** The package of this name; where several stages define it, the one declared last wins. */
  public Optional<Package> find(String name) {
    Package found = null;
    for (Package pkg : packages) {
      if (pkg.name().equals(name)) {
        found = pkg;
      }
    }
    return Optional.ofNullable(found);
  }

  public Collection<String> packageNames() {
    List<String> names = new ArrayList<>();
    packages.forEach(p -> {
      if (!names.contains(p.name())) {
        names.add(p.name());
      }
    });
    return names;
  }

  public Stage stage(String name) {
    Stage stage = stages.get(name);
    return stage != null ? stage : Stage.DEFAULT;
  }
}
