package dev.kiln.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A package as a recipe declares it: pure data, frozen once evaluation ends. Its hash and store
 * path are computed by the plan, from this and its inputs' hashes.
 *
 * @param env variables exported to the build, sorted so that the hash never depends on order
 * @param phases the build's named phases in the order they run; the patch phase also applies
 *     {@code patches}
 * @param provides names (or name=version) it answers to when installed from a repo; like Nix's
 *     meta, not part of the hash: they change what a solver may pick, not what the build makes
 * @param conflicts constraints naming packages that cannot be installed beside it
 * @param limits its timeouts, memory and tasks: how it is built, so not part of the hash
 */
public record Package(
    String name,
    String version,
    String stage,
    List<Source> sources,
    List<Patch> patches,
    List<Dependency> dependencies,
    SortedMap<String, String> env,
    List<Phase> phases,
    java.util.Optional<HostImport> hostImport,
    List<String> provides,
    List<String> conflicts,
    BuildLimits limits,
    SourceLocation declaredAt) {

  public Package {
    Names.check("package", name);
    Names.check("version", version);
    Names.check("stage", stage);
    sources = List.copyOf(sources);
    patches = List.copyOf(patches);
    dependencies = List.copyOf(dependencies);
    env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
    phases = List.copyOf(phases);
    if (phases.stream().map(Phase::name).distinct().count() != phases.size()) {
      throw new IllegalArgumentException("a phase is named twice in package " + name);
    }
    Objects.requireNonNull(hostImport, "hostImport");
    provides = List.copyOf(provides);
    conflicts = List.copyOf(conflicts);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(declaredAt, "declaredAt");
    for (String key : env.keySet()) {
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("env name \"" + key + "\" is not a shell variable name");
      }
    }
  }

  /** A fresh builder, for code and tests that make packages without a recipe. */
  public static Builder builder(String name, String version) {
    return new Builder(name, version);
  }

  /** Whether building this package copies host files rather than running a script. */
  public boolean importsFromHost() {
    return hostImport.isPresent();
  }

  /** The steps of the named phase; none when the package has no such phase. */
  public List<Step> steps(String phase) {
    return phases.stream().filter(p -> p.name().equals(phase)).findFirst().map(Phase::steps).orElse(List.of());
  }

  /** The rendered build script: what runs in the container, and what is hashed. */
  public String script() {
    return Script.render(this);
  }

  public String displayName() {
    return name + " " + version;
  }

  /** Builds packages step by step. Defaults: stage "default", no sources, no steps, unknown location. */
  public static final class Builder {
    private final String name;
    private final String version;
    private String stage = Stage.DEFAULT.name();
    private final List<Source> sources = new java.util.ArrayList<>();
    private final List<Patch> patches = new java.util.ArrayList<>();
    private final List<Dependency> dependencies = new java.util.ArrayList<>();
    private final Map<String, String> env = new TreeMap<>();
    private final Map<String, List<Step>> phases = new java.util.LinkedHashMap<>();
    private HostImport hostImport;
    private final List<String> provides = new java.util.ArrayList<>();
    private final List<String> conflicts = new java.util.ArrayList<>();
    private BuildLimits limits = BuildLimits.NONE;
    private SourceLocation declaredAt = SourceLocation.UNKNOWN;

    private Builder(String name, String version) {
      this.name = name;
      this.version = version;
    }

    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    public Builder source(Source source) {
      sources.add(source);
      return this;
    }

    public Builder patch(Patch patch) {
      patches.add(patch);
      return this;
    }

    public Builder dependsOn(String dependency) {
      dependencies.add(Dependency.parse(dependency, SourceLocation.UNKNOWN));
      return this;
    }

    public Builder dependsOn(Dependency dependency) {
      dependencies.add(dependency);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Adds a step to the build phase. */
    public Builder step(Step step) {
      return step("build", step);
    }

    /** Adds a step to the check phase. */
    public Builder check(Step step) {
      return step("check", step);
    }

    /** Adds a step to the named phase, which is added after the others when it is new. */
    public Builder step(String phase, Step step) {
      phases.computeIfAbsent(phase, p -> new java.util.ArrayList<>()).add(step);
      return this;
    }

    /** Adds a phase (its steps may be none, which keeps its place for patches). */
    public Builder phase(Phase phase) {
      phases.computeIfAbsent(phase.name(), p -> new java.util.ArrayList<>()).addAll(phase.steps());
      return this;
    }

    public Builder hostImport(HostImport imported) {
      this.hostImport = imported;
      return this;
    }

    /** A name (or name=version) this package also answers to when installing from a repo. */
    public Builder provides(String name) {
      provides.add(name);
      return this;
    }

    /** A constraint naming packages that cannot be installed beside this one. */
    public Builder conflicts(String constraint) {
      conflicts.add(constraint);
      return this;
    }

    /** Its timeouts, memory and tasks (none by default). */
    public Builder limits(BuildLimits limits) {
      this.limits = limits;
      return this;
    }

    public Builder declaredAt(SourceLocation location) {
      this.declaredAt = location;
      return this;
    }

    public Package build() {
      List<Phase> ordered = phases.entrySet().stream().map(e -> new Phase(e.getKey(), e.getValue())).toList();
      return new Package(name, version, stage, sources, patches, dependencies, new TreeMap<>(env),
          ordered, java.util.Optional.ofNullable(hostImport), provides, conflicts, limits, declaredAt);
    }
  }
}
