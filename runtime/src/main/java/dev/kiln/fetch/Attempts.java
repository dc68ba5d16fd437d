package dev.kiln.fetch;

import dev.kiln.model.Source;
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
    lines.add(where + ": " + reason(error));
    errors.add(error);
  }

  /** Attaches the earlier failures to {@code error}, which is thrown instead of a summary. */
  <T extends IOException> T attachTo(T error) {
    errors.forEach(error::addSuppressed);
    return error;
  }

  /** The error for a fetch where nothing worked, ending with the last try, which is its cause. */
  IOException failure(String where, IOException last) {
    lines.add(where + ": " + reason(last));
    StringBuilder message = new StringBuilder()
        .append("could not fetch ").append(source.fileName())
        .append(" (sha256 ").append(source.sha256().hex()).append("); tried:");
    lines.forEach(line -> message.append("\n  ").append(line));
    return attachTo(new IOException(message.toString(), last));
  }

  // One line per try: the multi-line mismatch message is shortened, and bare JDK messages (often
  // just a path, or none at all for a refused connection) get their exception's name and cause.
  private static String reason(IOException error) {
    if (error instanceof ChecksumMismatchException mismatch) {
      return "sha256 mismatch, got " + mismatch.actual().hex();
    }
    if (error.getClass() == IOException.class && error.getMessage() != null) {
      return error.getMessage();
    }
    return describe(error);
  }

  private static String describe(Throwable error) {
    String name = error.getClass().getSimpleName();
    if (error.getMessage() != null) {
      return name + ": " + error.getMessage();
    }
    // The JDK's HTTP client nests a message-less ConnectException in another; show the real cause.
    Throwable cause = error.getCause();
    while (cause != null && cause.getClass() == error.getClass() && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause == null ? name : name + " (" + describe(cause) + ")";
  }
}
