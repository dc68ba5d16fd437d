package dev.kiln.cli.repl;

import java.util.List;
import java.util.function.Predicate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tells JLine when Enter should not end the entry (Ruby is unfinished: the editor then shows a
 * continuation prompt) and what word Tab completes. {@code :commands} are always one line.
 */
final class RubyParser implements Parser {
  private final Predicate<String> unfinished;
  private final Completion completion;

  RubyParser(Predicate<String> unfinished, Completion completion) {
    this.unfinished = unfinished;
    this.completion = completion;
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !line.stripLeading().startsWith(":") && unfinished.test(line)) {
      throw new EOFError(-1, cursor, "unfinished Ruby", "");
    }
    Completion.Result result = context == ParseContext.COMPLETE
        ? completion.complete(line, cursor)
        : new Completion.Result("", List.of());
    return new Entry(line, cursor, result);
  }

  /** The entry being edited, with the word under the cursor and what may complete it. */
  record Entry(String line, int cursor, Completion.Result completion) implements CompletingParsedLine {
    @Override
    public String word() {
      return completion.word();
    }

    @Override
    public int wordCursor() {
      return completion.word().length();
    }

    @Override
    public int wordIndex() {
      return 0;
    }

    @Override
    public List<String> words() {
      return List.of(completion.word());
    }

    /** Candidates are inserted as they are: they carry their own closing quote. */
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor();
    }

    @Override
    public int rawWordLength() {
      return completion.word().length();
    }
  }
}
