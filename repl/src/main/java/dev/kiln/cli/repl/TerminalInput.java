package dev.kiln.cli.repl;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jline.reader.Buffer;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.InputRC;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Entries typed at a real terminal, through JLine: Emacs keys by default ({@code set editing-mode vi}
 * in ~/.inputrc, or {@code :keys vi}, for vi), history kept across sessions, Ctrl-R search, Tab
 * completion, Ruby highlighting, and Enter that continues an unfinished Ruby entry.
 */
final class TerminalInput implements Input {
  private final Terminal terminal;
  private final LineReader reader;

  private TerminalInput(Terminal terminal, LineReader reader) {
    this.terminal = terminal;
    this.reader = reader;
  }

  /** The terminal kiln runs on, or empty when standard input or output is not one. */
  static Optional<TerminalInput> open(Path history, Predicate<String> unfinished, Completion completion) throws IOException {
    if (System.console() == null) {
      return Optional.empty();
    }
    // Not SIG_DFL: Ctrl-C must reach JLine's handlers (a line's or a build's), never end the JVM.
    Terminal terminal = TerminalBuilder.builder().system(true).signalHandler(Terminal.SignalHandler.SIG_IGN).build();
    Files.createDirectories(history.getParent());
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("kiln")
        .parser(new RubyParser(unfinished, completion))
        .completer((r, line, candidates) -> ((RubyParser.Entry) line).completion().candidates().forEach(c ->
            candidates.add(new Candidate(c.value(), c.display(), null, null, null, null, c.complete()))))
        .highlighter(new RubyHighlighter())
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.HISTORY_SIZE, 10_000)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P.> ")
        .variable(LineReader.INDENTATION, 2)
        // Ruby is full of `!` (`save!`, `!=`): no csh-style history expansion.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    closeBracketsKeepingSpaces(reader);
    readInputrc(reader);
    return Optional.of(new TerminalInput(terminal, reader));
  }

  /**
   * JLine's own close-bracket widgets take back up to INDENTATION spaces before every ), ] and }, so
   * typing {@code "[ -d /tmp ]"} gave {@code "[ -d /tmp]"}. Only a bracket that opens its line (after
   * the indentation a continuation line started with) is pulled back; anywhere else it is typed as is.
   */
  private static void closeBracketsKeepingSpaces(LineReader reader) {
    Map<String, String> widgets = Map.of(LineReader.INSERT_CLOSE_PAREN, ")", LineReader.INSERT_CLOSE_SQUARE, "]",
        LineReader.INSERT_CLOSE_CURLY, "}");
    widgets.forEach((name, bracket) -> reader.getWidgets().put(name, () -> closeBracket(reader, bracket)));
  }

  private static boolean closeBracket(LineReader reader, String bracket) {
    Buffer buffer = reader.getBuffer();
    int cursor = buffer.cursor();
    String text = buffer.toString();
    int lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
    if (lineStart > 0 && text.substring(lineStart, cursor).isBlank()) {
      int indentation = Math.min(cursor - lineStart, 2);
      buffer.backspace(indentation);
    }
    buffer.write(bracket);
    return true;
  }

  /** Readline's settings file, as irb and bash read it: where people say {@code set editing-mode vi}. */
  private static void readInputrc(LineReader reader) throws IOException {
    String named = System.getenv("INPUTRC");
    Path file = named != null && !named.isEmpty() ? Path.of(named) : Path.of(System.getProperty("user.home"), ".inputrc");
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        InputRC.configure(reader, in);
      }
    }
  }

  @Override
  public Optional<String> read(String prompt) {
    try {
      return Optional.of(reader.readLine(prompt));
    } catch (UserInterruptException e) {
      return Optional.of(""); // Ctrl-C drops the line being typed, as in a shell
    } catch (EndOfFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public Registration onInterrupt(Runnable action) {
    Terminal.SignalHandler before = terminal.handle(Terminal.Signal.INT, signal -> action.run());
    return () -> terminal.handle(Terminal.Signal.INT, before);
  }

  @Override
  public boolean useKeys(String keyMap) {
    return reader.setKeyMap(keyMap.equals("vi") ? LineReader.VIINS : LineReader.EMACS);
  }

  @Override
  public void close() {
    try {
      reader.getHistory().save();
      terminal.close();
    } catch (IOException e) {
      System.err.println("kiln: could not save the REPL history: " + dev.kiln.store.Problems.describe(e));
    }
  }
}
