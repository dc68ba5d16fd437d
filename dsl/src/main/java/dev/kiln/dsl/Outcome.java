package dev.kiln.dsl;

import dev.kiln.model.Package;
import dev.kiln.model.RecipeException;
import java.util.List;

/** What one entry typed at the REPL's prompt came to, in the forms the REPL prints differently. */
public sealed interface Outcome {
  /** nil, or a statement: nothing to print. */
  record Nothing() implements Outcome {}

  /** Any other Ruby value, as {@code inspect} shows it. */
  record Text(String text) implements Outcome {}

  /** A package or a list of packages (also variants made with {@code .with}). */
  record Packages(List<Package> packages) implements Outcome {
    public Packages {
      packages = List.copyOf(packages);
    }
  }

  /** The entry raised; the session goes on without what it recorded. */
  record Failure(RecipeException error) implements Outcome {}

  /** The entry called {@code exit}. */
  record Quit() implements Outcome {}
}
