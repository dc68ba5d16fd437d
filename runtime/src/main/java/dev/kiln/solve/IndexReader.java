package dev.kiln.solve;

import dev.kiln.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a package index in the opkg {@code Packages} style: one stanza per package, {@code Field: value}
 * lines, a blank line between stanzas. Only {@code Package}, {@code Version}, {@code Depends},
 * {@code Provides} and {@code Conflicts} matter to the solver; other fields are skipped. A line
 * starting with white space continues the field before it.
 *
 * <p>{@link #load} checks every stanza but builds a package's candidates only when a solve first asks
 * for that name: a solve reads a few hundred names of a 60,000-name index.
 */
public final class IndexReader {
  /** Where a field's value lies in the text; empty when the field is absent. */
  private record Region(int from, int to) {
    static final Region NONE = new Region(0, 0);
  }

  /** One stanza, as places in the text: nothing is copied until a solve reads it. */
  private record Stanza(int line, String name, String version, Region depends, Region provides, Region conflicts) {}

  private final String source;
  /** The index as UTF-8 bytes: scanned without decoding, so only the fields a solve reads become strings. */
  private final byte[] data;

  private IndexReader(String source, byte[] data) {
    this.source = source;
    this.data = data;
  }

  /** Every candidate of the index, built now. {@code source} names the text in error messages. */
  public static List<Candidate> parse(String source, String text) throws IndexFormatException {
    IndexReader reader = new IndexReader(source, text.getBytes(StandardCharsets.UTF_8));
    List<Candidate> candidates = new ArrayList<>();
    for (Stanza s : reader.stanzas()) {
      candidates.add(reader.candidate(s));
    }
    return candidates;
  }

  /** A universe over an index file, checked now and built as the solver reads it. */
  public static Universe load(Path index) throws IOException, IndexFormatException {
    return universe(index.toString(), Files.readAllBytes(index));
  }

  public static Universe universe(String source, String text) throws IndexFormatException {
    return universe(source, text.getBytes(StandardCharsets.UTF_8));
  }

  private static Universe universe(String source, byte[] data) throws IndexFormatException {
    IndexReader reader = new IndexReader(source, data);
    Map<String, List<Stanza>> byName = new HashMap<>();
    List<Universe.Provider> providers = new ArrayList<>();
    int count = 0;
    for (Stanza s : reader.stanzas()) {
      List<Stanza> versions = byName.computeIfAbsent(s.name(), n -> new ArrayList<>(2));
      for (Stanza other : versions) {
        if (other.version().equals(s.version())) {
          throw new IndexFormatException(source, s.line(), "the index holds " + s.name() + " " + s.version() + " twice");
        }
      }
      versions.add(s);
      count++;
      if (s.provides() != Region.NONE) {
        Candidate c = reader.candidate(s);
        c.provides().forEach(p -> providers.add(new Universe.Provider(c, p)));
      } else {
        reader.check(s);
      }
    }
    return Universe.lazy(name -> reader.candidates(byName.getOrDefault(name, List.of())), providers, count,
        byName.size());
  }

  private List<Candidate> candidates(List<Stanza> stanzas) {
    List<Candidate> candidates = new ArrayList<>(stanzas.size());
    for (Stanza s : stanzas) {
      candidates.add(build(s));
    }
    return candidates;
  }

  private void check(Stanza s) throws IndexFormatException {
    try {
      Version.check(s.version());
      ConstraintSyntax.check(string(s.depends()));
      ConstraintSyntax.check(string(s.conflicts()));
    } catch (IllegalArgumentException e) {
      throw new IndexFormatException(source, s.line(), "package " + s.name() + ": " + e.getMessage());
    }
  }

  private Candidate candidate(Stanza s) throws IndexFormatException {
    try {
      return build(s);
    } catch (IllegalArgumentException e) {
      throw new IndexFormatException(source, s.line(), "package " + s.name() + ": " + e.getMessage());
    }
  }

  /** Throws IllegalArgumentException on a malformed stanza; {@link #check} has ruled that out for lazy builds. */
  private Candidate build(Stanza s) {
    return new Candidate(s.name(), Version.parse(s.version()), Constraint.parseList(string(s.depends())),
        Provide.parseList(string(s.provides())), Constraint.parseList(string(s.conflicts())));
  }

  private String string(Region r) {
    return string(r.from(), r.to());
  }

  private String string(int from, int to) {
    return new String(data, from, to - from, StandardCharsets.UTF_8);
  }

  // ---- stanzas

  private List<Stanza> stanzas() throws IndexFormatException {
    List<Stanza> stanzas = new ArrayList<>();
    StanzaBuilder current = new StanzaBuilder();
    int lineNumber = 0;
    for (int start = 0; start < data.length; ) {
      int newline = indexOf('\n', start, data.length);
      int next = newline < 0 ? data.length : newline + 1;
      int end = newline < 0 ? data.length : newline;
      end = end > start && data[end - 1] == '\r' ? end - 1 : end;
      lineNumber++;
      if (isBlank(start, end)) {
        current.finish(stanzas);
      } else if (data[start] == ' ' || data[start] == '\t') {
        current.extend(end, lineNumber);
      } else {
        current.field(start, end, lineNumber);
      }
      start = next;
    }
    current.finish(stanzas);
    return stanzas;
  }

  private boolean isBlank(int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private int indexOf(char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the bytes at {@code from} spell {@code ascii}. */
  private boolean startsWith(String ascii, int from) {
    if (from + ascii.length() > data.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (data[from + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Collects one stanza's fields as lines arrive. */
  private final class StanzaBuilder {
    private String name;
    private String version;
    private Region depends = Region.NONE;
    private Region provides = Region.NONE;
    private Region conflicts = Region.NONE;
    private String field;
    private int line;

    void field(int start, int end, int lineNumber) throws IndexFormatException {
      int colon = indexOf(':', start, end);
      if (colon <= start) {
        throw new IndexFormatException(source, lineNumber,
            "expected \"Field: value\", got \"" + string(start, end) + "\"");
      }
      if (name == null && version == null && field == null) {
        line = lineNumber;
      }
      field = key(start, colon);
      int from = colon + 1;
      while (from < end && (data[from] == ' ' || data[from] == '\t')) {
        from++;
      }
      switch (field) {
        case "Package" -> name = once(name, from, end, lineNumber);
        case "Version" -> version = once(version, from, end, lineNumber);
        case "Depends" -> depends = new Region(from, end);
        case "Provides" -> provides = new Region(from, end);
        case "Conflicts" -> conflicts = new Region(from, end);
        default -> { } // Hash, Filename, Size, SHA256, …: not the solver's business
      }
    }

    /** The field's name if it is one of ours, else "": most lines are fields the solver skips. */
    private String key(int start, int colon) {
      String candidate = switch (data[start]) {
        case 'P' -> colon - start == 7 ? "Package" : "Provides";
        case 'V' -> "Version";
        case 'D' -> "Depends";
        case 'C' -> "Conflicts";
        default -> "";
      };
      return candidate.length() == colon - start && startsWith(candidate, start) ? candidate : "";
    }

    /** A continuation line: the list it continues now ends here. */
    void extend(int end, int lineNumber) throws IndexFormatException {
      if (field == null || field.equals("Package") || field.equals("Version")) {
        throw new IndexFormatException(source, lineNumber, "a continuation line that continues no list");
      }
      switch (field) {
        case "Depends" -> depends = new Region(depends.from(), end);
        case "Provides" -> provides = new Region(provides.from(), end);
        case "Conflicts" -> conflicts = new Region(conflicts.from(), end);
        default -> { }
      }
    }

    private String once(String current, int from, int to, int lineNumber) throws IndexFormatException {
      if (current != null) {
        throw new IndexFormatException(source, lineNumber, field + " given twice in one stanza");
      }
      return string(from, to).strip();
    }

    void finish(List<Stanza> stanzas) throws IndexFormatException {
      if (name != null || version != null) {
        if (name == null || version == null) {
          throw new IndexFormatException(source, line, "a stanza needs both Package and Version");
        }
        try {
          PackageNames.check(name);
        } catch (IllegalArgumentException e) {
          throw new IndexFormatException(source, line, e.getMessage());
        }
        stanzas.add(new Stanza(line, name, version, depends, provides, conflicts));
      }
      name = null;
      version = null;
      depends = Region.NONE;
      provides = Region.NONE;
      conflicts = Region.NONE;
      field = null;
    }
  }
}
