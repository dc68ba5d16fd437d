package dev.kiln.model;

import java.util.List;

/**
 * An environment: one tree of symbolic links to every file of the packages and of what they refer
 * to at run time, stored under a name derived from its inputs.
 *
 * @param stage the stage the package names are looked up in (unless a name says {@code stage/name})
 * @param wins packages whose files win where two packages provide the same path
 */
public record EnvSpec(String name, String stage, List<String> packages, List<String> wins, SourceLocation declaredAt) {
  public EnvSpec {
    Names.check("env", name);
    packages = List.copyOf(packages);
    wins = List.copyOf(wins);
    if (packages.isEmpty()) {
      throw new IllegalArgumentException("env \"" + name + "\" needs packages: [...]");
    }
    for (String w : wins) {
      if (packages.stream().noneMatch(p -> p.equals(w) || p.endsWith("/" + w))) {
        throw new IllegalArgumentException("env \"" + name + "\": wins: names " + w + ", which is not one of its packages");
      }
    }
  }
}
