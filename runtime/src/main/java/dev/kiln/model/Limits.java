package dev.kiln.model;

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
    return Sizes.parse(text, "memory limit");
  }
}
