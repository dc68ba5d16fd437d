package dev.kiln.model;

/** A build input named by package name, with the recipe line that asked for it. */
public record Dependency(String name, SourceLocation declaredAt) {
  public Dependency {
    Names.check("dependency", name);
  }
}
