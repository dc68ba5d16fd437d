package dev.kiln.repo;

import java.io.IOException;

/** A repo file (index, signature, key, package metadata) that does not say what it must. */
public final class RepoFormatException extends IOException {
  /**
   * @param where the file, and the line when known, e.g. {@code Packages:12}
   */
  public RepoFormatException(String where, String problem) {
    super(where + ": " + problem);
  }
}
