package dev.kiln.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.cli.repl.ReplCommandTable.Argument;
import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.Test;

/** Multi-line entry: Enter continues while the session says the Ruby is unfinished. */
class RubyParserTest {
  private final Completion completion = new Completion(() -> List.of("musl"), List::of, List::of,
      new ReplCommandTable().add("build", "", "", Argument.PACKAGES, (a, in) -> { }));
  /** Stands in for JRuby's parser: unfinished while there are more `do`s than `end`s. */
  private final RubyParser parser = new RubyParser(code -> code.split("\\bdo\\b", -1).length > code.split("\\bend\\b", -1).length,
      completion);

  @Test
  void enter_in_an_unfinished_entry_asks_for_another_line() {
    assertThrows(EOFError.class, () -> parser.parse("package \"x\", \"1\" do", 19, ParseContext.ACCEPT_LINE));
  }

  @Test
  void enter_in_a_finished_entry_accepts_it() {
    String entry = "package \"x\", \"1\" do\nend";
    assertEquals(entry, parser.parse(entry, entry.length(), ParseContext.ACCEPT_LINE).line());
  }

  @Test
  void a_command_is_always_one_line() {
    assertEquals(":build do", parser.parse(":build do", 9, ParseContext.ACCEPT_LINE).line());
  }

  @Test
  void tab_sees_the_word_to_complete_with_its_candidates() {
    RubyParser.Entry entry = (RubyParser.Entry) parser.parse(":build m", 8, ParseContext.COMPLETE);
    assertEquals("m", entry.word());
    assertEquals(1, entry.wordCursor());
    assertEquals("musl", entry.completion().candidates().get(0).value());
  }
}
