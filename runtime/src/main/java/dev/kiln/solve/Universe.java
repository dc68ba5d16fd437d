package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every candidate the solver may choose from, looked up by name and by what they provide. */
public final class Universe {
  /** A candidate that answers to another name. */
  public record Provider(Candidate candidate, Provide provide) {}

  private static final Comparator<Candidate> NEWEST_FIRST = Comparator.comparing(Candidate::version,
      Version.NEWEST_FIRST);

  private final Map<String, List<Candidate>> byName;
  private final Map<String, List<Provider>> byProvide;
  private final int size;

  private Universe(Map<String, List<Candidate>> byName, Map<String, List<Provider>> byProvide, int size) {
    this.byName = byName;
    this.byProvide = byProvide;
    this.size = size;
  }

  /** Refuses two candidates with the same name and version: an index must not be ambiguous. */
  public static Universe of(Collection<Candidate> candidates) {
    Map<String, List<Candidate>> byName = new HashMap<>(candidates.size() * 2);
    Map<String, List<Provider>> byProvide = new HashMap<>();
    for (Candidate c : candidates) {
      byName.computeIfAbsent(c.name(), n -> new ArrayList<>(2)).add(c);
      for (Provide p : c.provides()) {
        // A package that names itself among its provides says nothing new.
        if (!p.name().equals(c.name())) {
          byProvide.computeIfAbsent(p.name(), n -> new ArrayList<>(2)).add(new Provider(c, p));
        }
      }
    }
    for (List<Candidate> versions : byName.values()) {
      versions.sort(NEWEST_FIRST);
      for (int i = 1; i < versions.size(); i++) {
        if (versions.get(i).version().equals(versions.get(i - 1).version())) {
          throw new IllegalArgumentException("the index holds " + versions.get(i) + " twice");
        }
      }
    }
    byName.replaceAll((name, versions) -> List.copyOf(versions));
    byProvide.replaceAll((name, providers) -> List.copyOf(providers));
    return new Universe(byName, byProvide, candidates.size());
  }

  /** The versions of a package, newest first; empty when the index has none. */
  public List<Candidate> versions(String name) {
    return byName.getOrDefault(name, List.of());
  }

  /** The candidates of other names that provide {@code name}, in index order. */
  public List<Provider> providers(String name) {
    return byProvide.getOrDefault(name, List.of());
  }

  /** How many candidates there are. */
  public int size() {
    return size;
  }

  /** How many distinct package names there are. */
  public int names() {
    return byName.size();
  }
}
