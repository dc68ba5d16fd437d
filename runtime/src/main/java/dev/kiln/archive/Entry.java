package dev.kiln.archive;

import java.nio.file.attribute.FileTime;

/**
 * One archive member, the same for tar and zip. {@code name} and {@code linkName} are exactly as the archive spells
 * them (unchecked); {@code linkName} is the symlink text or the hard link's target, else empty. {@code size} is the
 * content's length as the archive declares it, or -1 when it does not say.
 */
record Entry(String name, Kind kind, int mode, FileTime mtime, String linkName, long size) {

  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARD_LINK,
    /** Devices, fifos and tar volume labels: nothing a source build needs, so they are skipped. */
    OTHER
  }
}
