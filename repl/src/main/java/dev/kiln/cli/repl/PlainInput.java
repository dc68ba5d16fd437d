package dev.kiln.cli.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Entries read from a pipe or file ({@code kiln repl recipe.rb < script}): no prompt, no echo, no
 * line editing; an entry still runs on over several lines while Ruby says it is unfinished.
 */
final class PlainInput implements Input {
  private final BufferedReader in;
  private final Predicate<String> unfinished;

  PlainInput(BufferedReader in, Predicate<String> unfinished) {
    this.in = in;
    this.unfinished = unfinished;
  }

  @Override
  public Optional<String> read(String prompt) throws IOException {
    String line = in.readLine();
    if (line == null) {
      return Optional.empty();
    }
    StringBuilder entry = new StringBuilder(line);
    while (!line.stripLeading().startsWith(":") && unfinished.test(entry.toString()) && (line = in.readLine()) != null) {
      entry.append('\n').append(line);
    }
    return Optional.of(entry.toString());
  }

  /** A pipe has no Ctrl-C of its own: the signal ends kiln, and bwrap dies with it. */
  @Override
  public Registration onInterrupt(Runnable action) {
    return () -> { };
  }

  @Override
  public boolean useKeys(String keyMap) {
    return false;
  }

  @Override
  public void close() {
    // The pipe belongs to whoever started kiln.
  }
}
