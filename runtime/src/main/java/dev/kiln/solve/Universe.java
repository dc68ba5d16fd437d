package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every candidate the solver may choose from, looked up by name and by what they provide. A
 * universe read from an index builds a name's candidates the first time they are asked for.
 */
public final class Universe {
  /** A candidate that answers to another name. */
  public record Provider(Candidate candidate, Provide provide) {}

  private static final Comparator<Candidate> NEWEST_FIRST = Comparator.comparing(Candidate::version,
      Version.NEWEST_FIRST);

  private final Function<String, List<Candidate>> source;
  private final Map<String, List<Candidate>> byName = new ConcurrentHashMap<>();
  private final Map<String, List<Provider>> byProvide = new HashMap<>();
  private final int size;
  private final int names;

  private Universe(Function<String, List<Candidate>> source, List<Provider> providers, int size, int names) {
    this.source = source;
    for (Provider p : providers) {
      // A package that names itself among its provides says nothing new.
      if (!p.provide().name().equals(p.candidate().name())) {
        byProvide.computeIfAbsent(p.provide().name(), n -> new ArrayList<>(2)).add(p);
      }
    }
    byProvide.replaceAll((name, list) -> List.copyOf(list));
    this.size = size;
    this.names = names;
  }

  /** Refuses two candidates with the same name and version: an index must not be ambiguous. */
  public static Universe of(Collection<Candidate> candidates) {
    Map<String, List<Candidate>> grouped = new HashMap<>();
    List<Provider> providers = new ArrayList<>();
    for (Candidate c : candidates) {
      grouped.computeIfAbsent(c.name(), n -> new ArrayList<>(2)).add(c);
      c.provides().forEach(p -> providers.add(new Provider(c, p)));
    }
    for (List<Candidate> versions : grouped.values()) {
      versions.sort(NEWEST_FIRST);
      for (int i = 1; i < versions.size(); i++) {
        if (versions.get(i).version().equals(versions.get(i - 1).version())) {
          throw new IllegalArgumentException("the index holds " + versions.get(i) + " twice");
        }
      }
    }
    return new Universe(name -> grouped.getOrDefault(name, List.of()), providers, candidates.size(), grouped.size());
  }

  /** Candidates built on demand by {@code source}, which must not fail: the caller has checked them. */
  static Universe lazy(Function<String, List<Candidate>> source, List<Provider> providers, int size, int names) {
    return new Universe(source, providers, size, names);
  }

  /** The versions of a package, newest first; empty when the index has none. */
  public List<Candidate> versions(String name) {
    return byName.computeIfAbsent(name, n -> {
      List<Candidate> versions = new ArrayList<>(source.apply(n));
      versions.sort(NEWEST_FIRST);
      return List.copyOf(versions);
    });
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
    return names;
  }
}
