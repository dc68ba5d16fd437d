package dev.kiln.repo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP Range header (RFC 9110 section 14.1.2), resolved against a file's length.
 *
 * @param first the first byte served
 * @param last the last byte served, inclusive
 */
record ByteRange(long first, long last) {
  private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

  /** What a Range header asks of a file of {@code length} bytes. */
  sealed interface Request permits Whole, Part, Unsatisfiable {}

  /** No usable range (absent, malformed, or several ranges): serve the whole file with 200, as RFC 9110 allows. */
  record Whole() implements Request {}

  record Part(ByteRange range) implements Request {}

  /** A well-formed range that lies past the end: 416. */
  record Unsatisfiable() implements Request {}

  static Request parse(Optional<String> header, long length) {
    if (header.isEmpty()) {
      return new Whole();
    }
    Matcher m = SINGLE.matcher(header.get());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Whole();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2)); // "-N": the last N bytes
        if (suffix == 0 || length == 0) {
          return new Unsatisfiable();
        }
        return new Part(new ByteRange(Math.max(0, length - suffix), length - 1));
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
      if (first >= length) {
        return new Unsatisfiable();
      }
      return last < first ? new Whole() : new Part(new ByteRange(first, last));
    } catch (NumberFormatException tooLong) {
      return new Whole();
    }
  }

  long length() {
    return last - first + 1;
  }

  String contentRange(long total) {
    return "bytes " + first + "-" + last + "/" + total;
  }
}
