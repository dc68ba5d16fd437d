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
    // Special files: nothing a source build needs, so they are skipped, and the skip is reported.
    CHARACTER_DEVICE("a character device"),
    BLOCK_DEVICE("a block device"),
    FIFO("a fifo"),
    SOCKET("a socket"),
    /** A GNU tar volume label: a name for the archive, not a file, so it is passed over without a word. */
    LABEL;

    private final String special;

    Kind() {
      this(null);
    }

    Kind(String special) {
      this.special = special;
    }

    /** True for the special files that are skipped and reported. */
    boolean isSpecial() {
      return special != null;
    }

    /** What a special file is, e.g. "a fifo"; only for {@link #isSpecial} kinds. */
    String describe() {
      return special;
    }
  }
}
