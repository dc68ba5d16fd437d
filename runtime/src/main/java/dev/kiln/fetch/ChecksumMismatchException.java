package dev.kiln.fetch;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.util.Objects;

/** Bytes were fetched but their sha256 is not the one the recipe names; they were not kept. */
public final class ChecksumMismatchException extends IOException {
  private final String file;
  private final String from;
  private final Sha256 expected;
  private final Sha256 actual;

  /**
   * @param file the source's file name
   * @param from where the bytes came from: a URL or a mirror's file
   */
  public ChecksumMismatchException(String file, String from, Sha256 expected, Sha256 actual) {
    super(message(file, from, expected, actual));
    this.file = Objects.requireNonNull(file, "file");
    this.from = Objects.requireNonNull(from, "from");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.actual = Objects.requireNonNull(actual, "actual");
  }

  private static String message(String file, String from, Sha256 expected, Sha256 actual) {
    return "sha256 mismatch for " + file + " from " + from
        + "\n  expected: " + expected.hex()
        + "\n  actual:   " + actual.hex();
  }

  public String file() {
    return file;
  }

  public String from() {
    return from;
  }

  public Sha256 expected() {
    return expected;
  }

  public Sha256 actual() {
    return actual;
  }
}
