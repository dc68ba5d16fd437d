package dev.kiln.solve;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The packages to install, one version per name, sorted by name. */
public record Solution(List<Candidate> packages) {
  public Solution {
    packages = packages.stream().sorted(Comparator.comparing(Candidate::name)).toList();
  }

  /** The chosen version of a package, if the solution holds it. */
  public Optional<Candidate> get(String name) {
    return packages.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return packages.toString();
  }
}
