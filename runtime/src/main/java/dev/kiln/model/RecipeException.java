package dev.kiln.model;

import java.util.Optional;

/**
 * A recipe that cannot be evaluated or planned: points at the recipe's file and line, says what is
 * wrong in one line, and may add a hint on how to fix it.
 */
public final class RecipeException extends Exception {
  private final SourceLocation location;
  private final String problem;
  private final String hint;

  public RecipeException(SourceLocation location, String problem, String hint) {
    super(location + ": " + problem + (hint == null ? "" : "\n  hint: " + hint));
    this.location = location;
    this.problem = problem;
    this.hint = hint;
  }

  public SourceLocation location() {
    return location;
  }

  public String problem() {
    return problem;
  }

  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}
