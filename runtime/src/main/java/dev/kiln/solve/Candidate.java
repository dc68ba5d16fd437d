package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.List;
import java.util.Objects;

/** One version of one package that an index offers, with what it needs, what it is and what it excludes. */
public record Candidate(String name, Version version, List<Constraint> depends, List<Provide> provides,
    List<Constraint> conflicts) {
  public Candidate {
    PackageNames.check(name);
    Objects.requireNonNull(version, "version");
    depends = List.copyOf(depends);
    provides = List.copyOf(provides);
    conflicts = List.copyOf(conflicts);
  }

  /** A candidate with only dependencies, from constraint strings: handy in recipes and tests. */
  public static Candidate of(String name, String version, String... depends) {
    return new Candidate(name, Version.parse(version), List.of(depends).stream().map(Constraint::parse).toList(),
        List.of(), List.of());
  }

  public Candidate withProvides(String... provides) {
    return new Candidate(name, version, depends, List.of(provides).stream().map(Provide::parse).toList(), conflicts);
  }

  public Candidate withConflicts(String... conflicts) {
    return new Candidate(name, version, depends, provides, List.of(conflicts).stream().map(Constraint::parse).toList());
  }

  @Override
  public String toString() {
    return name + " " + version;
  }
}
