package dev.kiln.dsl;

import java.nio.file.Path;

/** Recipe paths as people want to read them: relative to where they ran kiln, when that is shorter. */
final class Locations {
  private Locations() {}

  static String display(Path file) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }
}
