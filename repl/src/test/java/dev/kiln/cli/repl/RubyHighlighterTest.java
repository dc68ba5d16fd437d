package dev.kiln.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.cli.repl.RubyHighlighter.Kind;
import dev.kiln.cli.repl.RubyHighlighter.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class RubyHighlighterTest {
  /** Each token as {@code KIND:text}; plain runs (merged, so one per gap) trimmed, blank ones left out. */
  private static List<String> shown(String text) {
    return RubyHighlighter.tokens(text).stream()
        .map(t -> t.kind() + ":" + (t.kind() == Kind.PLAIN ? text.substring(t.start(), t.end()).strip() : text.substring(t.start(), t.end())))
        .filter(s -> !s.equals("PLAIN:")).toList();
  }

  @Test
  void keywords_strings_symbols_numbers_and_comments_are_told_apart() {
    assertEquals(List.of("PLAIN:package", "STRING:\"x\"", "PLAIN:,", "STRING:'1'", "KEYWORD:do", "COMMENT:# hi"),
        shown("package \"x\", '1' do # hi"));
    assertEquals(List.of("PLAIN:v =", "SYMBOL::musl", "PLAIN:,", "NUMBER:42", "PLAIN:,", "KEYWORD:nil"), shown("v = :musl, 42, nil"));
  }

  @Test
  void a_command_is_highlighted_as_one() {
    assertEquals(List.of("COMMAND::build", "PLAIN:hello"), shown(":build hello"));
  }

  @Test
  void keywords_used_as_method_names_or_hash_keys_are_not_keywords() {
    assertEquals(List.of("PLAIN:x.end(", "SYMBOL:if:", "NUMBER:1", "PLAIN:)"), shown("x.end(if: 1)"));
  }

  @Test
  void an_unfinished_string_runs_to_the_end_and_escapes_do_not_close_it() {
    assertEquals(List.of("PLAIN:sh", "STRING:\"echo \\\"hi"), shown("sh \"echo \\\"hi"));
  }

  @Test
  void tokens_cover_the_whole_text_in_order() {
    String text = "package \"a\" do\n  build { sh \"make -j#{jobs}\" } # c\nend";
    int at = 0;
    for (Token t : RubyHighlighter.tokens(text)) {
      assertEquals(at, t.start());
      at = t.end();
    }
    assertEquals(text.length(), at);
  }
}
