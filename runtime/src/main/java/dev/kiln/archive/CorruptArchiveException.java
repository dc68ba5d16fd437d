package dev.kiln.archive;

import java.io.EOFException;
import java.io.IOException;

/**
 * A failure to decode the archive's bytes (a codec's, the host decompressor's, the zip reader's), said in words: the
 * decoders' own messages ("Unknown frame descriptor", "Truncated source") do not say that the archive is bad.
 */
final class CorruptArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  private CorruptArchiveException(String message, IOException cause) {
    super(message, cause);
  }

  /** {@code cause} as said by a decoder; one already wrapped is returned as it is. */
  static IOException of(IOException cause) {
    if (cause instanceof CorruptArchiveException) {
      return cause;
    }
    String detail = cause.getMessage();
    if (cause instanceof EOFException) {
      return new CorruptArchiveException("the archive is truncated" + (detail == null ? ": its data ends early"
          : ": " + detail), cause);
    }
    return new CorruptArchiveException("the archive is corrupt or truncated"
        + (detail == null || detail.isBlank() ? "" : ": " + detail), cause);
  }
}
