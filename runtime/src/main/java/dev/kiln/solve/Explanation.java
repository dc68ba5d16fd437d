package dev.kiln.solve;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes the derivation of a failure as sentences, the way pub and uv do: each derived fact is
 * explained by the two it came from, facts used twice get a line number to refer back to, and a chain
 * of single steps reads as "And because …".
 */
final class Explanation {
  private record Line(String text, Optional<Integer> number) {}

  private final List<Line> lines = new ArrayList<>();
  private final Map<Incompatibility, Integer> numbers = new IdentityHashMap<>();
  private final Map<Incompatibility, Integer> uses = new IdentityHashMap<>();

  private Explanation() {}

  static String of(Incompatibility failure) {
    Explanation e = new Explanation();
    e.count(failure);
    if (failure.isDerived()) {
      e.visit(failure, true);
    } else {
      e.lines.add(new Line("Because " + e.describe(failure) + ", the request cannot be satisfied.", Optional.empty()));
    }
    return e.render();
  }

  private void count(Incompatibility incompatibility) {
    if (uses.merge(incompatibility, 1, Integer::sum) == 1 && incompatibility.cause() instanceof Cause.Derived d) {
      count(d.conflict());
      count(d.other());
    }
  }

  private void visit(Incompatibility incompatibility, boolean conclusion) {
    boolean numbered = conclusion || uses.get(incompatibility) > 1;
    String conjunction = numbered ? "So, because " : "And because ";
    String it = describe(incompatibility);
    Cause.Derived cause = (Cause.Derived) incompatibility.cause();
    Incompatibility a = cause.conflict();
    Incompatibility b = cause.other();
    if (a.isDerived() && b.isDerived()) {
      Integer lineA = numbers.get(a);
      Integer lineB = numbers.get(b);
      if (lineA != null && lineB != null) {
        write(incompatibility, "Because " + describe(a) + " (" + lineA + ") and " + describe(b) + " (" + lineB + "), "
            + it + ".", numbered);
      } else if (lineA != null || lineB != null) {
        Incompatibility withLine = lineA != null ? a : b;
        visit(lineA != null ? b : a, false);
        write(incompatibility, conjunction + describe(withLine) + " (" + numbers.get(withLine) + "), " + it + ".",
            numbered);
      } else if (isSingleLine(a) || isSingleLine(b)) {
        Incompatibility first = isSingleLine(b) ? a : b;
        Incompatibility second = isSingleLine(b) ? b : a;
        visit(first, false);
        visit(second, false);
        write(incompatibility, "Thus, " + it + ".", numbered);
      } else {
        visit(a, true);
        lines.add(new Line("", Optional.empty()));
        visit(b, false);
        write(incompatibility, conjunction + describe(a) + " (" + numbers.get(a) + "), " + it + ".", numbered);
      }
    } else if (a.isDerived() || b.isDerived()) {
      Incompatibility derived = a.isDerived() ? a : b;
      Incompatibility external = a.isDerived() ? b : a;
      Integer line = numbers.get(derived);
      if (line != null) {
        write(incompatibility, "Because " + describe(external) + " and " + describe(derived) + " (" + line + "), "
            + it + ".", numbered);
      } else if (isCollapsible(derived)) {
        Cause.Derived inner = (Cause.Derived) derived.cause();
        Incompatibility innerDerived = inner.conflict().isDerived() ? inner.conflict() : inner.other();
        Incompatibility innerExternal = inner.conflict().isDerived() ? inner.other() : inner.conflict();
        visit(innerDerived, false);
        write(incompatibility, conjunction + describe(innerExternal) + " and " + describe(external) + ", " + it + ".",
            numbered);
      } else {
        visit(derived, false);
        write(incompatibility, conjunction + describe(external) + ", " + it + ".", numbered);
      }
    } else {
      write(incompatibility, "Because " + describe(a) + " and " + describe(b) + ", " + it + ".", numbered);
    }
  }

  /** Derived from two facts of the index or the request: one sentence says it all. */
  private static boolean isSingleLine(Incompatibility incompatibility) {
    Cause.Derived d = (Cause.Derived) incompatibility.cause();
    return !d.conflict().isDerived() && !d.other().isDerived();
  }

  /** Used once, and derived from one derived and one external fact: its sentence can merge into the next. */
  private boolean isCollapsible(Incompatibility incompatibility) {
    if (uses.get(incompatibility) > 1) {
      return false;
    }
    Cause.Derived d = (Cause.Derived) incompatibility.cause();
    if (d.conflict().isDerived() == d.other().isDerived()) {
      return false;
    }
    return !numbers.containsKey(d.conflict().isDerived() ? d.conflict() : d.other());
  }

  private void write(Incompatibility incompatibility, String text, boolean numbered) {
    if (numbered) {
      int number = numbers.size() + 1;
      numbers.put(incompatibility, number);
      lines.add(new Line(text, Optional.of(number)));
    } else {
      lines.add(new Line(text, Optional.empty()));
    }
  }

  private String render() {
    boolean anyNumbered = lines.stream().anyMatch(l -> l.number().isPresent()) && numbers.size() > 1;
    int width = anyNumbered ? ("(" + numbers.size() + ") ").length() : 0;
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      if (!line.text().isEmpty()) {
        String label = anyNumbered ? line.number().map(n -> "(" + n + ")").orElse("") : "";
        out.append(" ".repeat(width - label.length() - (label.isEmpty() ? 0 : 1))).append(label)
            .append(label.isEmpty() ? "" : " ").append(line.text());
      }
      out.append('\n');
    }
    return out.toString().stripTrailing();
  }

  // ---- facts in words

  private String describe(Incompatibility incompatibility) {
    Cause cause = incompatibility.cause();
    if (cause instanceof Cause.Dependency d) {
      return d.from().isRoot() ? "you asked for " + d.constraint()
          : d.from().entry(d.entry()) + " depends on " + d.constraint();
    }
    if (cause instanceof Cause.Conflict c) {
      return c.from().entry(c.entry()) + " conflicts with " + c.constraint()
          + c.via().map(v -> ", which " + v + " provides").orElse("");
    }
    if (cause instanceof Cause.Provision p) {
      Entry.Provided provided = (Entry.Provided) p.name().entry(p.entry());
      return provided.by() + " provides " + provided.provide();
    }
    if (cause instanceof Cause.NoVersions n) {
      return n.slot().isEmpty() ? "no package is named or provides " + n.slot().name()
          : "no version of " + n.slot().name() + " satisfies " + n.constraint();
    }
    return describeTerms(incompatibility);
  }

  /** A derived fact, from its terms; the request is always there, so terms on it go unsaid. */
  private static String describeTerms(Incompatibility incompatibility) {
    if (incompatibility.isFailure()) {
      return "the request cannot be satisfied";
    }
    List<String> positive = new ArrayList<>();
    List<String> negative = new ArrayList<>();
    for (Term t : incompatibility.terms()) {
      if (!t.slot().isRoot()) {
        (t.positive() ? positive : negative).add(t.slot().describe(t.set()));
      }
    }
    if (negative.isEmpty()) {
      return positive.size() == 1 ? positive.get(0) + " cannot be installed"
          : positive.size() == 2 ? positive.get(0) + " is incompatible with " + positive.get(1)
          : and(positive) + " cannot all be installed";
    }
    if (positive.isEmpty()) {
      return negative.size() == 1 ? negative.get(0) + " is required" : "one of " + or(negative) + " is required";
    }
    return and(positive) + (positive.size() == 1 ? " requires " : " together require ") + or(negative);
  }

  private static String and(List<String> parts) {
    return join(parts, " and ");
  }

  private static String or(List<String> parts) {
    return join(parts, " or ");
  }

  private static String join(List<String> parts, String last) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return parts.subList(0, parts.size() - 1).stream().collect(Collectors.joining(", ")) + last
        + parts.get(parts.size() - 1);
  }
}
