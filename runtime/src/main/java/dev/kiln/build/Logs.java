package dev.kiln.build;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** Build logs: kiln's own lines added to them; their last lines, and the step a failed build was in. */
public final class Logs {
  /** The prefix of the line a rendered script prints before each step ({@link dev.kiln.model.Script}). */
  public static final String STEP_MARK = "==> ";
  static final int TAIL_LINES = 20;

  private Logs() {}

  /** Adds kiln's own lines to the end of a build's log. */
  static void append(Path log, CharSequence lines) throws IOException {
    Files.writeString(log, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** The log's last line, read from its end so that long logs cost nothing; empty if unreadable. */
  public static String lastLine(Path log) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      int size = (int) Math.min(4096, length);
      byte[] end = new byte[size];
      file.seek(length - size);
      file.readFully(end);
      String text = new String(end, StandardCharsets.UTF_8).stripTrailing();
      return text.substring(text.lastIndexOf('\n') + 1);
    } catch (IOException e) {
      return ""; // a display line, never worth failing a build for
    }
  }

  /** The log's last {@value #TAIL_LINES} lines. */
  public static List<String> tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  /** The last step the script announced (without its {@code ==> } mark): the one that failed. */
  public static Optional<String> lastStep(Path log) throws IOException {
    String step = null;
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith(STEP_MARK)) {
          step = line.substring(STEP_MARK.length());
        }
      }
    }
    return Optional.ofNullable(step);
  }
}
