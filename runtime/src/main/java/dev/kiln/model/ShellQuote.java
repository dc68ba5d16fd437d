package dev.kiln.model;

import java.util.regex.Pattern;

/** Shell quoting for rendered scripts. */
public final class ShellQuote {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  private static final Pattern PLAIN_OR_VARIABLE = Pattern.compile("[A-Za-z0-9_@%+=:,./${}-]+");

  private ShellQuote() {}

  /** Quotes a word literally: nothing in it expands. */
  public static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Quotes a word so that it stays one word while {@code $variables} in it still expand. */
  public static String quoteExpanding(String word) {
    if (PLAIN_OR_VARIABLE.matcher(word).matches()) {
      return word;
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : word.toCharArray()) {
      if (c == '"' || c == '\\' || c == '`') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }
}
