package dev.kiln.cli.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours Ruby as it is typed: keywords, strings, symbols, numbers, comments and {@code :commands}.
 * A token scanner, not a parser: it only has to look right while a line is being edited.
 */
final class RubyHighlighter implements Highlighter {
  enum Kind { KEYWORD, STRING, SYMBOL, NUMBER, COMMENT, COMMAND, PLAIN }

  record Token(Kind kind, int start, int end) {}

  private static final Set<String> KEYWORDS = Set.of("alias", "and", "begin", "break", "case", "class", "def",
      "defined?", "do", "else", "elsif", "end", "ensure", "false", "for", "if", "in", "module", "next", "nil", "not",
      "or", "redo", "rescue", "retry", "return", "self", "super", "then", "true", "undef", "unless", "until", "when",
      "while", "yield");

  @Override
  public AttributedString highlight(LineReader reader, String buffer) {
    AttributedStringBuilder out = new AttributedStringBuilder();
    for (Token token : tokens(buffer)) {
      out.styled(style(token.kind()), buffer.substring(token.start(), token.end()));
    }
    return out.toAttributedString();
  }

  private static AttributedStyle style(Kind kind) {
    return switch (kind) {
      case KEYWORD -> AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
      case STRING -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
      case SYMBOL -> AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
      case NUMBER -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
      case COMMENT -> AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).faint();
      case COMMAND -> AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
      case PLAIN -> AttributedStyle.DEFAULT;
    };
  }

  /** The buffer cut into tokens that cover it entirely, in order. */
  static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    if (text.stripLeading().startsWith(":")) {
      int start = text.indexOf(':');
      i = end(text, start + 1, Character::isLetter);
      add(tokens, Kind.PLAIN, 0, start);
      add(tokens, Kind.COMMAND, start, i);
    }
    while (i < text.length()) {
      i = scan(text, i, tokens);
    }
    return merged(tokens);
  }

  /** Scans one token at {@code i}; returns where it ends (always after {@code i}). */
  private static int scan(String text, int i, List<Token> tokens) {
    char c = text.charAt(i);
    int end;
    Kind kind;
    if (c == '#') {
      end = text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i);
      kind = Kind.COMMENT;
    } else if (c == '"' || c == '\'') {
      end = closingQuote(text, i);
      kind = Kind.STRING;
    } else if (c == ':' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1)) && (i == 0 || text.charAt(i - 1) != ':')) {
      end = end(text, i + 1, RubyHighlighter::isWordChar);
      kind = Kind.SYMBOL;
    } else if (Character.isDigit(c) && (i == 0 || !isWordChar(text.charAt(i - 1)))) {
      end = end(text, i, ch -> Character.isLetterOrDigit(ch) || ch == '_' || ch == '.');
      kind = Kind.NUMBER;
    } else if (isWordChar(c) && (i == 0 || !isWordChar(text.charAt(i - 1)))) {
      end = end(text, i, RubyHighlighter::isWordChar);
      if (end < text.length() && text.charAt(end) == '?') {
        end++;
      }
      String word = text.substring(i, end);
      // A keyword only where it is one: not as a method name after a dot or as a hash key.
      boolean afterDot = i > 0 && text.charAt(i - 1) == '.';
      boolean hashKey = end < text.length() && text.charAt(end) == ':' && (end + 1 >= text.length() || text.charAt(end + 1) != ':');
      kind = KEYWORDS.contains(word) && !afterDot && !hashKey ? Kind.KEYWORD : Kind.PLAIN;
      if (hashKey) {
        end++;
        kind = Kind.SYMBOL;
      }
    } else {
      end = i + 1;
      kind = Kind.PLAIN;
    }
    add(tokens, kind, i, end);
    return end;
  }

  /** Where a string starting at {@code start} ends: after its closing quote, or at the end of the text. */
  private static int closingQuote(String text, int start) {
    char quote = text.charAt(start);
    for (int i = start + 1; i < text.length(); i++) {
      if (text.charAt(i) == '\\') {
        i++;
      } else if (text.charAt(i) == quote) {
        return i + 1;
      }
    }
    return text.length();
  }

  private static int end(String text, int from, java.util.function.IntPredicate part) {
    int i = from;
    while (i < text.length() && part.test(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static void add(List<Token> tokens, Kind kind, int start, int end) {
    if (end > start) {
      tokens.add(new Token(kind, start, end));
    }
  }

  /** Neighbouring plain tokens joined, so that a line is a few runs rather than one per character. */
  private static List<Token> merged(List<Token> tokens) {
    List<Token> out = new ArrayList<>();
    for (Token t : tokens) {
      Token last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.kind() == Kind.PLAIN && t.kind() == Kind.PLAIN && last.end() == t.start()) {
        out.set(out.size() - 1, new Token(Kind.PLAIN, last.start(), t.end()));
      } else {
        out.add(t);
      }
    }
    return out;
  }
}
