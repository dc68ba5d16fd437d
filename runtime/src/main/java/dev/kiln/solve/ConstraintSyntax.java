package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads constraints by hand rather than by regular expression: an index holds hundreds of thousands
 * of them and loading it is on the path of every install.
 */
final class ConstraintSyntax {
  private final String text;
  private int at;

  private ConstraintSyntax(String text) {
    this.text = text;
  }

  static Constraint one(String text) {
    ConstraintSyntax syntax = new ConstraintSyntax(text);
    Constraint constraint = syntax.constraint();
    syntax.skipSpaces();
    if (syntax.at < text.length()) {
      throw syntax.error("unexpected \"" + text.charAt(syntax.at) + "\"; a range is written name >= 1, < 2");
    }
    return constraint;
  }

  static List<Constraint> list(String text) {
    ConstraintSyntax syntax = new ConstraintSyntax(text);
    List<Constraint> constraints = new ArrayList<>();
    syntax.skipSpaces();
    if (syntax.at == text.length()) {
      return constraints;
    }
    constraints.add(syntax.constraint());
    syntax.skipSpaces();
    while (syntax.at < text.length()) {
      syntax.expect(',');
      constraints.add(syntax.constraint());
      syntax.skipSpaces();
    }
    return constraints;
  }

  private Constraint constraint() {
    skipSpaces();
    String name = name();
    List<Bound> bounds = new ArrayList<>(2);
    skipSpaces();
    Optional<Op> op = op();
    while (op.isPresent()) {
      bounds.add(new Bound(op.get(), version()));
      op = continuation();
    }
    return new Constraint(name, bounds);
  }

  /** After a bound, a comma and another operator continue the range; anything else ends it. */
  private Optional<Op> continuation() {
    int start = at;
    skipSpaces();
    if (at < text.length() && text.charAt(at) == ',') {
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

  private String name() {
    int start = at;
    while (at < text.length() && PackageNames.isNameChar(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw error("expected a package name");
    }
    try {
      return PackageNames.check(text.substring(start, at));
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private Optional<Op> op() {
    if (at >= text.length()) {
      return Optional.empty();
    }
    char c = text.charAt(at);
    boolean eq = at + 1 < text.length() && text.charAt(at + 1) == '=';
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

  private Version version() {
    skipSpaces();
    int start = at;
    while (at < text.length() && !endsVersion(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw error("expected a version");
    }
    try {
      return Version.parse(text.substring(start, at));
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private static boolean endsVersion(char c) {
    return Character.isWhitespace(c) || c == ',' || c == '<' || c == '>' || c == '=';
  }

  private void expect(char c) {
    if (at >= text.length() || text.charAt(at) != c) {
      throw error("expected \"" + c + "\"");
    }
    at++;
  }

  private void skipSpaces() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("constraint \"" + text + "\", at column " + (at + 1) + ": " + problem);
  }
}
