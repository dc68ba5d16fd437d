package dev.kiln.model;

/**
 * A build input named by package name, with an optional version constraint ({@code >= 1.2},
 * {@code >= 1.2, < 1.3}) and the recipe line that asked for it.
 *
 * @param constraint the constraint text after the name, empty when any version will do
 */
public record Dependency(String name, String constraint, SourceLocation declaredAt) {
  public Dependency {
    Names.check("dependency", name);
    constraint = constraint == null ? "" : constraint.strip();
  }

  /** A dependency on any version. */
  public Dependency(String name, SourceLocation declaredAt) {
    this(name, "", declaredAt);
  }

  /** Splits {@code "musl >= 1.2"} into a name and a constraint. */
  public static Dependency parse(String text, SourceLocation declaredAt) {
    String trimmed = text.strip();
    int end = 0;
    while (end < trimmed.length() && (Character.isLetterOrDigit(trimmed.charAt(end)) || "._+-".indexOf(trimmed.charAt(end)) >= 0)) {
      end++;
    }
    return new Dependency(trimmed.substring(0, end), trimmed.substring(end), declaredAt);
  }

  /** The dependency as written: name and constraint. */
  public String text() {
    return constraint.isEmpty() ? name : name + " " + constraint;
  }
}
