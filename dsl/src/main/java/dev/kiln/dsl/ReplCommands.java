package dev.kiln.dsl;

import java.util.List;

/**
 * What the REPL does when Ruby code typed at its prompt calls one of its commands as a method
 * ({@code build "hello"}): implemented in the {@code repl} module, called from Ruby.
 */
@FunctionalInterface
public interface ReplCommands {
  void run(String command, List<String> args);
}
