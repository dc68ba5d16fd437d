package dev.kiln.archive;

import java.io.IOException;

/**
 * An archive entry that would write outside the target directory, or set up a later write to do so. Thrown at the
 * first such entry; entries before it may already be unpacked, always inside the target.
 */
public final class UnsafeArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String archiveName;
  private final String entryName;
  private final String reason;

  /** {@code reason} completes "entry 'NAME' ...", e.g. "would land outside the target directory". */
  public UnsafeArchiveException(String archiveName, String entryName, String reason) {
    super(archiveName + ": entry '" + entryName + "' " + reason + "; refused");
    this.archiveName = archiveName;
    this.entryName = entryName;
    this.reason = reason;
  }

  /** The archive's logical file name, as passed to {@link Unpacker#unpack}. */
  public String archiveName() {
    return archiveName;
  }

  /** The entry's name exactly as the archive spells it. */
  public String entryName() {
    return entryName;
  }

  public String reason() {
    return reason;
  }
}
