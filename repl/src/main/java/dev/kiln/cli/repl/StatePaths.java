package dev.kiln.cli.repl;

import java.nio.file.Path;

/** Where the REPL keeps state between sessions, following the XDG base directory rules. */
final class StatePaths {
  private StatePaths() {}

  /** {@code $XDG_STATE_HOME/kiln/history}, by default {@code ~/.local/state/kiln/history}. */
  static Path history() {
    String state = System.getenv("XDG_STATE_HOME");
    Path base = state != null && !state.isEmpty() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("kiln").resolve("history");
  }
}
