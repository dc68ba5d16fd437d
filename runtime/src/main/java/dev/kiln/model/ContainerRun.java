package dev.kiln.model;

import java.util.List;

/** A command a script asked to run in one of its containers ({@code container("x").run(...)}), after evaluation. */
public record ContainerRun(String container, List<String> command, SourceLocation at) {
  public ContainerRun {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("run needs a command");
    }
  }
}
