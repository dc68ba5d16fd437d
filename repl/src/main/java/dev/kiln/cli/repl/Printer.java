package dev.kiln.cli.repl;

import dev.kiln.build.BuildFailedException;
import dev.kiln.dsl.RecipeSession;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import java.io.PrintStream;

/** How the REPL shows values and failures: short summaries and one-line errors, never stack traces. */
final class Printer {
  private static final int LONGEST_VALUE = 2_000;
  private static final int LOG_LINES = 5;
  private final PrintStream out;
  private final PrintStream err;

  Printer(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  PrintStream out() {
    return out;
  }

  void value(String text) {
    out.println("=> " + (text.length() > LONGEST_VALUE ? text.substring(0, LONGEST_VALUE) + " ..." : text));
  }

  void line(String text) {
    out.println(text);
  }

  /**
   * A recipe error: {@code file:line: error: problem (hint)}; without the location when it was typed
   * at the prompt or names no line (an unknown package name given to a command).
   */
  void error(RecipeException e) {
    SourceLocation at = e.location();
    String where = at.file().equals(RecipeSession.PROMPT) || at.line() <= 0 ? "" : at + ": ";
    err.println(where + "error: " + e.problem() + e.hint().map(h -> " (" + h + ")").orElse(""));
  }

  void error(String message) {
    err.println("error: " + message);
  }

  /** A failed build: the failure and its log in one line, then the log's last few lines. */
  void buildFailure(BuildFailedException e) {
    err.println("error: " + e.getMessage() + "; log: " + e.log());
    e.tail().subList(Math.max(0, e.tail().size() - LOG_LINES), e.tail().size()).forEach(l -> err.println("  | " + l));
  }
}
