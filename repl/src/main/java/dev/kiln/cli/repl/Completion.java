package dev.kiln.cli.repl;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Tab offers at the cursor: REPL commands after {@code :}, package names after a command or
 * inside a string given to {@code pkg}, {@code depends_on}, {@code build}, ..., package methods after
 * a dot, and DSL methods elsewhere. Pure text in, candidates out, so tests need no terminal.
 */
final class Completion {
  /**
   * @param value what replaces the word (may close a string)
   * @param complete whether the word is finished, so a space may follow
   */
  record Candidate(String value, String display, boolean complete) {}

  /** @param word the text before the cursor that the candidates replace */
  record Result(String word, List<Candidate> candidates) {}

  /** Methods whose string arguments name packages. */
  private static final Set<String> TAKES_PACKAGES = Set.of("pkg", "package", "depends_on", "build", "show", "plan",
      "why", "deps", "rdeps", "log", "shell", "debug");
  /** An open string argument: the method, earlier arguments, the quote and what is typed so far. */
  private static final Pattern OPEN_STRING =
      Pattern.compile("([A-Za-z_]\\w*)[\\s(]+(?:(?:\"[^\"]*\"|'[^']*'|:\\w+)\\s*,\\s*)*([\"'])([^\"']*)$");
  private static final Pattern AFTER_DOT = Pattern.compile("[\\w)\\]\"']\\.(\\w*)$");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.@$])([A-Za-z_]\\w*)$");
  private static final Pattern COMMAND_ARGUMENT = Pattern.compile("^\\s*:(\\w+)\\s+(?:.*[\\s,])?([^\\s,]*)$");

  private final Supplier<Collection<String>> packageNames;
  private final Supplier<List<String>> dslMethods;
  private final Supplier<List<String>> packageMethods;
  private final ReplCommandTable commands;

  Completion(Supplier<Collection<String>> packageNames, Supplier<List<String>> dslMethods,
      Supplier<List<String>> packageMethods, ReplCommandTable commands) {
    this.packageNames = packageNames;
    this.dslMethods = dslMethods;
    this.packageMethods = packageMethods;
    this.commands = commands;
  }

  Result complete(String buffer, int cursor) {
    String before = buffer.substring(0, cursor);
    String entry = before.substring(before.lastIndexOf('\n') + 1);
    if (entry.stripLeading().startsWith(":") && !entry.contains(" ")) {
      String word = entry.stripLeading();
      return words(word, commands.names().stream().map(n -> ":" + n).toList());
    }
    Matcher argument = COMMAND_ARGUMENT.matcher(entry);
    if (argument.matches()) {
      return commandArgument(argument.group(1), argument.group(2));
    }
    Matcher string = OPEN_STRING.matcher(entry);
    if (string.find()) {
      if (!TAKES_PACKAGES.contains(string.group(1))) {
        return new Result(string.group(3), List.of());
      }
      String quote = string.group(2);
      String word = string.group(3);
      return new Result(word, packageNames.get().stream().filter(n -> n.startsWith(word))
          .map(n -> new Candidate(n + quote, n, false)).toList());
    }
    Matcher dot = AFTER_DOT.matcher(entry);
    if (dot.find()) {
      return words(dot.group(1), packageMethods.get());
    }
    Matcher identifier = IDENTIFIER.matcher(entry);
    return identifier.find() ? words(identifier.group(1), dslMethods.get()) : new Result("", List.of());
  }

  private Result commandArgument(String command, String word) {
    return switch (commands.argumentKind(command)) {
      case PACKAGES -> words(word, List.copyOf(packageNames.get()));
      case KEY_MAPS -> words(word, List.of("emacs", "vi"));
      case NONE, FILE -> new Result(word, List.of());
    };
  }

  private static Result words(String word, List<String> names) {
    return new Result(word, names.stream().filter(n -> n.startsWith(word)).map(n -> new Candidate(n, n, true)).toList());
  }
}
