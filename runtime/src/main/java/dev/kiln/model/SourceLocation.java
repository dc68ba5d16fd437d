package dev.kiln.model;

/** Where in a recipe something was declared, for error messages that point at the line. */
public record SourceLocation(String file, int line) {
  public static final SourceLocation UNKNOWN = new SourceLocation("(unknown)", 0);

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
