package dev.kiln.dsl;

import java.util.List;

/**
 * Runs {@code container("x").run(...)} at once, for the REPL: implemented in the {@code repl}
 * module, called from Ruby. A recipe file evaluated by {@code kiln run} has no runner; its runs are
 * recorded and done after evaluation.
 */
@FunctionalInterface
public interface ContainerRunner {
  Result run(String container, List<String> command);

  /** A finished run: its exit status and what it printed. */
  record Result(int status, String output) {}
}
