package dev.kiln.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as recipes write them, the way systemd does: a number of bytes, or a whole number with K, M, G or T
 * (powers of 1024); and sizes as people read them. One syntax for memory limits and unpack caps alike.
 */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("([0-9]+)([KMGT]?)");
  private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  /**
   * The bytes {@code text} stands for ("512M", "2g", "65536").
   *
   * @param what names the setting in the error, e.g. "memory limit" or "max_size:"
   */
  public static long parse(String text, String what) {
    Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(what + " " + text + " is not a size like 512M, 40G or 65536");
    }
    int shift = m.group(2).isEmpty() ? 0 : 10 * (1 + "KMGT".indexOf(m.group(2)));
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(what + " " + text + " is too large", e);
    }
  }

  /** Bytes for a person: "20 GiB", "330.2 KiB", "512 bytes". */
  public static String format(long bytes) {
    int unit = 0;
    double value = bytes;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0) {
      return bytes + " bytes";
    }
    return (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value)) + " " + UNITS[unit];
  }
}
