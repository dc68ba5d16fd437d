package dev.kiln.cli.repl;

import java.io.IOException;
import java.util.Optional;

/** Where the REPL's entries come from: a terminal with a line editor, or a pipe. */
interface Input extends AutoCloseable {
  /** The next entry, as many lines as Ruby needs to finish it; empty at the end of the input. */
  Optional<String> read(String prompt) throws IOException;

  /** Runs {@code action} on Ctrl-C until the returned registration is closed. */
  Registration onInterrupt(Runnable action);

  /** Switches the key bindings to {@code emacs} or {@code vi}; false when there are none to switch. */
  boolean useKeys(String keyMap);

  @Override
  void close();

  /** An interrupt handler in force; closing it restores the one before. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
