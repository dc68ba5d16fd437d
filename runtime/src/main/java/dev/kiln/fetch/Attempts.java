package dev.kiln.fetch;

import dev.kiln.model.Source;
import dev.kiln.store.Problems;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a fetch tried and why each try failed, so the final error can list them all. */
final class Attempts {
  private final Source source;
  private final List<String> lines = new ArrayList<>();
  private final List<IOException> errors = new ArrayList<>();

  Attempts(Source source) {
    this.source = source;
  }

  void missing(String where) {
    lines.add(where + ": not there");
  }

  void failed(String where, IOException error) {
    lines.add(where + ": " + reason(where, error));
    errors.add(error);
  }

  /** Attaches the earlier failures to {@code error}, which is thrown instead of a summary. */
  <T extends IOException> T attachTo(T error) {
    errors.forEach(error::addSuppressed);
    return error;
  }

  /** The error for a fetch where nothing worked, ending with the last try, which is its cause. */
  IOException failure(String where, IOException last) {
    lines.add(where + ": " + reason(where, last));
    StringBuilder message = new StringBuilder()
        .append("could not fetch ").append(source.fileName())
        .append(" (sha256 ").append(source.sha256().hex()).append("); tried:");
    lines.forEach(line -> message.append("\n  ").append(line));
    return attachTo(new IOException(message.toString(), last));
  }

  // One line per try: the multi-line mismatch message is shortened, and the JDK's errors (often
  // just a path, or none at all for a refused connection) are said in words, the path only when the
  // line does not start with it already.
  private static String reason(String where, IOException error) {
    if (error instanceof ChecksumMismatchException mismatch) {
      return "sha256 mismatch, got " + mismatch.actual().hex();
    }
    if (error instanceof java.nio.file.FileSystemException fs && fs.getFile() != null && fs.getOtherFile() == null
        && where.contains(fs.getFile())) {
      return Problems.reason(error);
    }
    return Problems.describe(error);
  }

}
