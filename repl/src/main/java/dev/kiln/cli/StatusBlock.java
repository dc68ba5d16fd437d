package dev.kiln.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * The last few lines of a terminal, redrawn in place: lines printed "above" it scroll up as usual
 * while the block stays at the bottom. Not thread-safe; {@link Progress} serialises calls.
 */
final class StatusBlock {
  private static final String CLEAR_TO_END = "\033[J";
  private final PrintStream out;
  private final int width;
  private int shown;

  StatusBlock(PrintStream out, int width) {
    this.out = out;
    this.width = width;
  }

  /** Prints a line above the block. */
  void println(String line) {
    erase();
    out.println(line);
    shown = 0;
  }

  /** Replaces the block with {@code lines}, each cut to the terminal's width. */
  void draw(List<String> lines) {
    StringBuilder text = new StringBuilder(eraseSequence());
    for (String line : lines) {
      text.append(line.length() > width ? line.substring(0, width - 1) + "…" : line).append('\n');
    }
    out.print(text);
    out.flush();
    shown = lines.size();
  }

  void erase() {
    out.print(eraseSequence());
    out.flush();
    shown = 0;
  }

  /** Up to the block's first line, then clear everything below. */
  private String eraseSequence() {
    return shown == 0 ? "\r" + CLEAR_TO_END : "\033[" + shown + "F" + CLEAR_TO_END;
  }
}
