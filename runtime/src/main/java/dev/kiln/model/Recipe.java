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
 * @param aptSources Debian source package names whose files serve as a source mirror
 * @param containers named containers, in declaration order
 * @param requests packages a script asked to build with {@code .build} (one-off rebuilds), in order
 * @param repos binary repos to substitute builds from, in declaration order
 * @param runs commands a script asked to run in its containers, in order
 * @param envs environments (symlink forests of packages), in declaration order
 * @param images root file system images, in declaration order
 */
public record Recipe(Path file, Map<String, Stage> stages, List<Package> packages, List<Path> mirrors,
    List<String> aptSources, List<Container> containers, List<Package> requests, List<RepoRef> repos,
    List<ContainerRun> runs, List<EnvSpec> envs, List<ImageSpec> images) {
  public Recipe {
    stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    packages = List.copyOf(packages);
    mirrors = List.copyOf(mirrors);
    aptSources = List.copyOf(aptSources);
    containers = List.copyOf(containers);
    requests = List.copyOf(requests);
    repos = List.copyOf(repos);
    runs = List.copyOf(runs);
    envs = List.copyOf(envs);
    images = List.copyOf(images);
  }

  /** A recipe of packages, stages, mirrors, containers, requests and repos, without runs, envs or images. */
  public Recipe(Path file, Map<String, Stage> stages, List<Package> packages, List<Path> mirrors,
      List<String> aptSources, List<Container> containers, List<Package> requests, List<RepoRef> repos) {
    this(file, stages, packages, mirrors, aptSources, containers, requests, repos, List.of(), List.of(), List.of());
  }

  public Optional<EnvSpec> env(String name) {
    return envs.stream().filter(e -> e.name().equals(name)).reduce((a, b) -> b);
  }

  public Optional<ImageSpec> image(String name) {
    return images.stream().filter(e -> e.name().equals(name)).reduce((a, b) -> b);
  }


  /** The repo of this name. */
  public Optional<RepoRef> repo(String name) {
    return repos.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** A recipe of just these packages, in the default stage. */
  public static Recipe of(Path file, List<Package> packages) {
    return new Recipe(file, Map.of(), packages, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** A recipe of these stages and packages. */
  public static Recipe of(Path file, List<Stage> stages, List<Package> packages) {
    Map<String, Stage> byName = new LinkedHashMap<>();
    stages.forEach(s -> byName.put(s.name(), s));
    return new Recipe(file, byName, packages, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** The package of this name in this stage. */
  public Optional<Package> find(String name, String stage) {
    Package found = null;
    for (Package pkg : packages) {
      if (pkg.name().equals(name) && pkg.stage().equals(stage)) {
        found = pkg;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The packages a stage declares, in declaration order. */
  public List<Package> packagesOf(String stage) {
    return packages.stream().filter(p -> p.stage().equals(stage)).toList();
  }

  public Optional<Container> container(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).findFirst();
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
