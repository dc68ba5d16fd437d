package dev.kiln.repo;

import dev.kiln.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repo's {@code Packages} index: every package it holds, several versions (and several builds of one
 * version) side by side, keyed by package hash. Immutable; sorted by name, version text and hash so that
 * the same contents always render to the same bytes, which is what the signature covers.
 */
public final class RepoIndex {
  public static final String FILE = "Packages";
  private static final Comparator<IndexEntry> ORDER = Comparator
      .comparing((IndexEntry e) -> e.info().name())
      .thenComparing(e -> e.info().version())
      .thenComparing(e -> e.info().hash());

  private final List<IndexEntry> entries;
  private final Map<Sha256, IndexEntry> byHash;
  private final Map<String, List<IndexEntry>> byName;

  private RepoIndex(List<IndexEntry> entries) {
    List<IndexEntry> sorted = new ArrayList<>(entries);
    sorted.sort(ORDER);
    this.entries = List.copyOf(sorted);
    Map<Sha256, IndexEntry> map = new LinkedHashMap<>();
    for (IndexEntry e : sorted) {
      if (map.put(e.info().hash(), e) != null) {
        throw new IllegalArgumentException("the index lists hash " + e.info().hash() + " twice");
      }
    }
    this.byHash = map;
    Map<String, List<IndexEntry>> names = new LinkedHashMap<>();
    sorted.forEach(e -> names.computeIfAbsent(e.info().name(), n -> new ArrayList<>()).add(e));
    names.replaceAll((n, list) -> List.copyOf(list));
    this.byName = names;
  }

  public static RepoIndex empty() {
    return new RepoIndex(List.of());
  }

  public static RepoIndex of(List<IndexEntry> entries) {
    return new RepoIndex(entries);
  }

  /** Parses an index; {@code file} names it in errors. */
  public static RepoIndex parse(byte[] bytes, String file) throws RepoFormatException {
    List<IndexEntry> entries = new ArrayList<>();
    for (Stanza stanza : Stanza.parseAll(bytes, file)) {
      entries.add(IndexEntry.read(stanza));
    }
    try {
      return new RepoIndex(entries);
    } catch (IllegalArgumentException e) {
      throw new RepoFormatException(file, e.getMessage());
    }
  }

  public byte[] render() {
    StringBuilder text = new StringBuilder();
    entries.forEach(e -> e.write(new Stanza.Writer(text)));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** This index with {@code added} put in, replacing entries of the same hash. */
  public RepoIndex with(List<IndexEntry> added) {
    Map<Sha256, IndexEntry> merged = new LinkedHashMap<>(byHash);
    added.forEach(e -> merged.put(e.info().hash(), e));
    return new RepoIndex(new ArrayList<>(merged.values()));
  }

  /** Every entry, sorted by name, version text and hash. */
  public List<IndexEntry> entries() {
    return entries;
  }

  public Optional<IndexEntry> byHash(Sha256 hash) {
    return Optional.ofNullable(byHash.get(hash));
  }

  /** Every build of every version of the named package: what a solver chooses among. */
  public List<IndexEntry> versionsOf(String name) {
    return byName.getOrDefault(name, List.of());
  }

  /** Package names, sorted. */
  public java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(byName.keySet());
  }

  public int size() {
    return entries.size();
  }
}
