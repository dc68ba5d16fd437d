package dev.kiln.solve;

/** An index that cannot be read: says which line and what is wrong with it. */
public final class IndexFormatException extends Exception {
  public IndexFormatException(String source, int line, String problem) {
    super(source + ":" + line + ": " + problem);
  }
}
