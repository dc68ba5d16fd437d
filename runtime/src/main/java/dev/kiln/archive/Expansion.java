package dev.kiln.archive;

import dev.kiln.model.Sizes;
import dev.kiln.model.UnpackLimits;

/**
 * The bytes of file content one unpack has written so far, against its {@link UnpackLimits}. Counted on the
 * reading thread before the bytes are handed on to be written, so no byte past a cap ever reaches the disk.
 */
final class Expansion {
  private final String archiveName;
  private final long archiveBytes;
  private final UnpackLimits limits;
  private final long ratioBytes;
  private long written;

  Expansion(String archiveName, long archiveBytes, UnpackLimits limits) {
    this.archiveName = archiveName;
    this.archiveBytes = archiveBytes;
    this.limits = limits;
    this.ratioBytes = limits.ratioBytes(archiveBytes);
  }

  /** Counts {@code n} more bytes; throws, before they are written, if they would pass a cap. */
  void add(long n) throws UnpackLimitException {
    long after = written + n;
    if (after > limits.maxBytes()) {
      throw new UnpackLimitException(archiveName + " expands past " + Sizes.format(limits.maxBytes())
          + " (the source's max_size); raise max_size: if this is expected");
    }
    if (after > ratioBytes) {
      throw new UnpackLimitException(archiveName + " expands past " + Sizes.format(ratioBytes)
          + ", more than " + limits.maxRatio() + " times its own " + Sizes.format(archiveBytes)
          + " (the source's max_ratio); raise max_ratio: if this is expected");
    }
    written = after;
  }

  long written() {
    return written;
  }
}
