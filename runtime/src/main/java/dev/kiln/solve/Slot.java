package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that can satisfy one name, in order of preference: the package's own versions newest
 * first, then other packages providing the name (versioned provides newest first). A dependency on a
 * name is a choice of one entry here, so virtual packages need no special case in the search.
 *
 * <p>A slot lives for one solve and remembers the constraint text behind each set it computed, so
 * that explanations can say {@code b >= 3} rather than list versions.
 */
final class Slot {
  private static final Comparator<Universe.Provider> PROVIDERS = Comparator
      .comparing((Universe.Provider p) -> p.provide().version().isPresent()).reversed()
      .thenComparing(p -> p.provide().version().orElse(null),
          Comparator.nullsLast(Version.NEWEST_FIRST))
      .thenComparing(p -> p.candidate().name())
      .thenComparing(p -> p.candidate().version(), Version.NEWEST_FIRST);

  private final int id;
  private final String name;
  private final List<Entry> entries;
  private final int real;
  private final VersionSet all;
  private final Map<VersionSet, String> texts = new HashMap<>();

  private Slot(int id, String name, List<Entry> entries, int real) {
    this.id = id;
    this.name = name;
    this.entries = List.copyOf(entries);
    this.real = real;
    this.all = VersionSet.all(entries.size());
    texts.put(all, name);
  }

  /** The root is slot 0. */
  static Slot root(List<Constraint> requests) {
    return new Slot(0, "the request", List.of(new Entry.Root(requests)), 0);
  }

  /** Slot {@code id} (numbered from 1 in the order a search meets names) for {@code name}. */
  static Slot of(int id, String name, Universe universe) {
    List<Entry> entries = new ArrayList<>();
    for (Candidate c : universe.versions(name)) {
      entries.add(new Entry.Real(c));
    }
    int real = entries.size();
    List<Universe.Provider> providers = new ArrayList<>(universe.providers(name));
    providers.sort(PROVIDERS);
    for (Universe.Provider p : providers) {
      entries.add(new Entry.Provided(p.candidate(), p.provide()));
    }
    return new Slot(id, name, entries, real);
  }

  /** Numbers slots densely, so that a search can keep per-slot state in arrays. */
  int id() {
    return id;
  }

  String name() {
    return name;
  }

  Entry entry(int index) {
    return entries.get(index);
  }

  boolean isRoot() {
    return !entries.isEmpty() && entries.get(0) instanceof Entry.Root;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  VersionSet all() {
    return all;
  }

  /** The entries that satisfy {@code constraint} (whose name is this slot's). */
  VersionSet matching(Constraint constraint) {
    VersionSet.Builder bits = new VersionSet.Builder();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e instanceof Entry.Real r ? constraint.admits(r.candidate().version())
          : e instanceof Entry.Provided p && constraint.admits(p.provide())) {
        bits.add(i);
      }
    }
    VersionSet set = bits.build();
    texts.putIfAbsent(set, constraint.toString());
    return set;
  }

  /** The slot's own versions that satisfy {@code constraint}: what a conflict on this name excludes. */
  VersionSet realMatching(Constraint constraint) {
    VersionSet.Builder bits = new VersionSet.Builder();
    for (int i = 0; i < real; i++) {
      if (constraint.admits(((Entry.Real) entries.get(i)).candidate().version())) {
        bits.add(i);
      }
    }
    return bits.build();
  }

  /** Where one of this package's own versions sits. */
  Optional<Integer> indexOf(Candidate candidate) {
    for (int i = 0; i < real; i++) {
      if (((Entry.Real) entries.get(i)).candidate().equals(candidate)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /**
   * A set in words: the constraint that produced it, one entry, or runs of versions in preference
   * order ({@code b >= 1.2, <= 1.4 or b 0.9}).
   */
  String describe(VersionSet set) {
    String text = texts.get(set);
    if (text != null) {
      return text;
    }
    if (set.isEmpty()) {
      return "no " + name;
    }
    if (set.size() == 1) {
      return entries.get(set.first()).toString();
    }
    List<String> parts = new ArrayList<>();
    int i = set.first();
    while (i >= 0 && i < real) {
      int end = i;
      while (end + 1 < real && set.contains(end + 1)) {
        end++;
      }
      parts.add(run(i, end));
      i = set.next(end + 1);
    }
    for (; i >= 0; i = set.next(i + 1)) {
      parts.add(entries.get(i).toString());
    }
    return String.join(" or ", parts);
  }

  /** Entries {@code newest..oldest} of this slot's own versions, as a range. */
  private String run(int newest, int oldest) {
    String hi = ((Entry.Real) entries.get(newest)).candidate().version().toString();
    String lo = ((Entry.Real) entries.get(oldest)).candidate().version().toString();
    if (newest == oldest) {
      return name + " " + hi;
    }
    if (newest == 0 && oldest == real - 1) {
      return "any version of " + name;
    }
    if (newest == 0) {
      return name + " >= " + lo;
    }
    if (oldest == real - 1) {
      return name + " <= " + hi;
    }
    return name + " >= " + lo + ", <= " + hi;
  }

  @Override
  public String toString() {
    return name;
  }
}
