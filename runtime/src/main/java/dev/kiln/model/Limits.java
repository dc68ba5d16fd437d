package dev.kiln.model;

import java.util.Locale;

/**
 * Resource limits of a container: memory in bytes and a number of tasks (processes and threads);
 * zero means no limit.
 */
public record Limits(long memoryBytes, int pids) {
  public static final Limits NONE = new Limits(0, 0);

  public Limits {
    if (memoryBytes < 0 || pids < 0) {
      throw new IllegalArgumentException("limits cannot be negative");
    }
  }

  public boolean any() {
    return memoryBytes > 0 || pids > 0;
  }

  /** Parses a memory size as systemd writes them: {@code 512M}, {@code 2G}, {@code 65536} (bytes), {@code 64K}. */
  public static long parseMemory(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (!t.matches("[0-9]+[KMGT]?")) {
      throw new IllegalArgumentException("memory limit " + text + " is not a size like 512M, 2G or 65536");
    }
    char unit = t.charAt(t.length() - 1);
    int shift = switch (unit) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      case 'T' -> 40;
      default -> 0;
    };
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    return Math.multiplyExact(Long.parseLong(digits), 1L << shift);
  }
}
