package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads constraints by hand rather than by regular expression, over a region of a larger text: an
 * index holds hundreds of thousands of them, and loading one checks them all in place but builds
 * only those a solve reads.
 */
final class ConstraintSyntax {
  private final String text;
  private final int from;
  private final int end;
  private int at;

  private ConstraintSyntax(String text, int from, int to) {
    this.text = text;
    this.from = from;
    this.at = from;
    this.end = to;
  }

  static Constraint one(String text) {
    ConstraintSyntax syntax = new ConstraintSyntax(text, 0, text.length());
    Constraint constraint = syntax.constraint();
    syntax.skipSpaces();
    if (syntax.at < syntax.end) {
      throw syntax.error("unexpected \"" + text.charAt(syntax.at) + "\"; a range is written name >= 1, < 2");
    }
    return constraint;
  }

  static List<Constraint> list(String text, int from, int to) {
    ConstraintSyntax syntax = new ConstraintSyntax(text, from, to);
    List<Constraint> constraints = new ArrayList<>();
    syntax.skipSpaces();
    if (syntax.at < to) {
      constraints.add(syntax.constraint());
      syntax.skipSpaces();
    }
    while (syntax.at < to) {
      syntax.expect(',');
      constraints.add(syntax.constraint());
      syntax.skipSpaces();
    }
    return constraints;
  }

  /** Throws as {@link #list} would, building nothing. */
  static void check(String text) {
    int to = text.length();
    ConstraintSyntax syntax = new ConstraintSyntax(text, 0, to);
    syntax.skipSpaces();
    if (syntax.at < to) {
      syntax.skipConstraint();
      syntax.skipSpaces();
    }
    while (syntax.at < to) {
      syntax.expect(',');
      syntax.skipConstraint();
      syntax.skipSpaces();
    }
  }

  private Constraint constraint() {
    skipSpaces();
    int start = at;
    String name = text.substring(start, nameEnd());
    List<Bound> bounds = new ArrayList<>(2);
    skipSpaces();
    Optional<Op> op = op();
    while (op.isPresent()) {
      skipSpaces();
      start = at;
      bounds.add(new Bound(op.get(), Version.parse(text.substring(start, versionEnd()))));
      op = continuation();
    }
    return new Constraint(name, bounds);
  }

  private void skipConstraint() {
    skipSpaces();
    nameEnd();
    skipSpaces();
    Optional<Op> op = op();
    while (op.isPresent()) {
      skipSpaces();
      versionEnd();
      op = continuation();
    }
  }

  /** After a bound, a comma and another operator continue the range; anything else ends it. */
  private Optional<Op> continuation() {
    int start = at;
    skipSpaces();
    if (at < end && text.charAt(at) == ',') {
      at++;
      skipSpaces();
      Optional<Op> op = op();
      if (op.isPresent()) {
        return op;
      }
    }
    at = start;
    return Optional.empty();
  }

  /** Moves past a valid package name and returns where it ends. */
  private int nameEnd() {
    int start = at;
    while (at < end && PackageNames.isNameChar(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw error("expected a package name");
    }
    if (text.charAt(start) == '-' || text.charAt(start) == '.') {
      at = start;
      throw error("a package name cannot start with - or .");
    }
    return at;
  }

  /** Moves past a version (everything up to a character no version holds) and returns where it ends. */
  private int versionEnd() {
    int start = at;
    while (at < end && Version.isVersionChar(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw error("expected a version");
    }
    return at;
  }

  private Optional<Op> op() {
    if (at >= end) {
      return Optional.empty();
    }
    char c = text.charAt(at);
    boolean eq = at + 1 < end && text.charAt(at + 1) == '=';
    Op op = switch (c) {
      case '=' -> Op.EQ;
      case '>' -> eq ? Op.GE : Op.GT;
      case '<' -> eq ? Op.LE : Op.LT;
      default -> null;
    };
    if (op == null) {
      return Optional.empty();
    }
    at += op.symbol().length();
    return Optional.of(op);
  }

  private void expect(char c) {
    if (at >= end || text.charAt(at) != c) {
      throw error("expected \"" + c + "\"");
    }
    at++;
  }

  private void skipSpaces() {
    while (at < end && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("constraint \"" + text.substring(from, end).strip() + "\", at column "
        + (at - from + 1) + ": " + problem);
  }
}
