package dev.kiln.solve;

/** No set of candidates satisfies the request; the message says why, as a chain of the constraints that clash. */
public final class UnsatisfiableException extends Exception {
  public UnsatisfiableException(String explanation) {
    super(explanation);
  }

  /** The explanation, one derivation step a line. */
  public String explanation() {
    return getMessage();
  }
}
