package dev.kiln.model;

/**
 * How far one archive may expand: at most {@code maxBytes} of file content, and at most {@code maxRatio} times the
 * archive's own size on disk. Both are checked while the content is written, so an archive built to fill the disk (a
 * "zip bomb") stops at the cap instead. The ratio is not checked below {@link #RATIO_FLOOR}: small archives of
 * repetitive text can go far past any sensible ratio while harming nothing. A recipe sets both per source
 * ({@code max_size:}, {@code max_ratio:}).
 *
 * @param maxBytes the most bytes of file content the archive may write, at least 1
 * @param maxRatio the most bytes written per byte of archive once past {@link #RATIO_FLOOR}, at least 1
 */
public record UnpackLimits(long maxBytes, long maxRatio) {
  /** Ten times the biggest source trees there are, and still short of filling a build machine's disk. */
  public static final long DEFAULT_MAX_BYTES = 20L << 30;
  /** Many times what real source archives reach (the README says how far they do), far below what bombs need. */
  public static final long DEFAULT_MAX_RATIO = 200;
  /** Expansion up to this many bytes is never refused for its ratio alone. */
  public static final long RATIO_FLOOR = 64L << 20;
  public static final UnpackLimits DEFAULT = new UnpackLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_RATIO);

  public UnpackLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("max_size must be at least 1 byte, not " + maxBytes);
    }
    if (maxRatio < 1) {
      throw new IllegalArgumentException("max_ratio must be at least 1, not " + maxRatio);
    }
  }

  public UnpackLimits withMaxBytes(long bytes) {
    return new UnpackLimits(bytes, maxRatio);
  }

  public UnpackLimits withMaxRatio(long ratio) {
    return new UnpackLimits(maxBytes, ratio);
  }

  /** A size as a recipe writes it, in {@link Sizes}' syntax: "40G", "512M". */
  public static long parseSize(String text) {
    return Sizes.parse(text, "max_size:");
  }

  /** A ratio as a recipe writes it: a whole number, e.g. "500". */
  public static long parseRatio(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("max_ratio: " + text + " is not a whole number like 500", e);
    }
  }

  /** The most bytes an archive of {@code archiveBytes} may write by its ratio: never less than the floor. */
  public long ratioBytes(long archiveBytes) {
    long scaled = archiveBytes > Long.MAX_VALUE / maxRatio ? Long.MAX_VALUE : archiveBytes * maxRatio;
    return Math.max(RATIO_FLOOR, scaled);
  }
}
