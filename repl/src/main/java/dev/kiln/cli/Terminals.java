package dev.kiln.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether kiln's stderr is a terminal, and how wide it is. */
final class Terminals {
  private Terminals() {}

  /** The width of the terminal on stderr, or 0 when stderr is not a terminal (a pipe, a file, TERM=dumb). */
  static int stderrWidth() {
    if ("dumb".equals(System.getenv("TERM")) || System.getenv("TERM") == null || !stderrIsTerminal()) {
      return 0;
    }
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
      return stty.waitFor() == 0 && size.length == 2 ? Integer.parseInt(size[1]) : 80;
    } catch (IOException | NumberFormatException e) {
      return 80;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
