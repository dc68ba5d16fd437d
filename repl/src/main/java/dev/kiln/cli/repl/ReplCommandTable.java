package dev.kiln.cli.repl;

import dev.kiln.build.BuildFailedException;
import dev.kiln.model.RecipeException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The REPL's {@code :commands}: what each takes, one line of help, and what it does. */
final class ReplCommandTable {
  /** What a command's arguments are, for completion. */
  enum Argument { NONE, PACKAGES, FILE, KEY_MAPS }

  /** A command's body. */
  @FunctionalInterface
  interface Action {
    void run(List<String> args, Input input)
        throws IOException, RecipeException, BuildFailedException, BuildCancelledException;
  }

  record Command(String name, String usage, String help, Argument argument, Action action) {}

  private final Map<String, Command> commands = new LinkedHashMap<>();

  ReplCommandTable add(String name, String usage, String help, Argument argument, Action action) {
    commands.put(name, new Command(name, usage, help, argument, action));
    return this;
  }

  /** The command of this name, or of which it is an unambiguous prefix ({@code :q}, {@code :b}). */
  Optional<Command> find(String name) {
    Command exact = commands.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    List<Command> prefixed = commands.values().stream().filter(c -> c.name().startsWith(name)).toList();
    return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
  }

  List<String> names() {
    return List.copyOf(commands.keySet());
  }

  List<Command> all() {
    return List.copyOf(commands.values());
  }

  Argument argumentKind(String name) {
    return find(name).map(Command::argument).orElse(Argument.NONE);
  }
}
