package dev.kiln.model;

import java.util.List;

/**
 * One recorded build step. Steps are data: recording a {@code build do … end} block yields a list
 * of them, and {@link Script} renders the list to the one shell script that runs in the container.
 */
public sealed interface Step {
  /** The step as shell text. */
  String render();

  /** A line of shell, run as written (the user owns the quoting). */
  record Sh(String command) implements Step {
    public Sh {
      if (command == null || command.isBlank()) {
        throw new IllegalArgumentException("sh needs a command");
      }
    }

    @Override
    public String render() {
      return command;
    }
  }

  /** Changes the directory for the steps that follow. */
  record Cd(String dir) implements Step {
    @Override
    public String render() {
      return "cd " + ShellQuote.quote(dir);
    }
  }

  /**
   * A program with arguments, each quoted so that spaces survive but {@code $out} and {@code $JOBS}
   * still expand: recipes write {@code "--prefix=#{prefix}"} and the prefix is only known in the
   * container (it must not be in the hashed text, or the hash would depend on itself).
   */
  record Run(List<String> argv) implements Step {
    public Run {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("a step needs a program");
      }
    }

    public static Run of(String program, List<String> args) {
      return new Run(java.util.stream.Stream.concat(java.util.stream.Stream.of(program), args.stream()).toList());
    }

    @Override
    public String render() {
      StringBuilder line = new StringBuilder();
      for (String word : argv) {
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(ShellQuote.quoteExpanding(word));
      }
      return line.toString();
    }
  }
}
