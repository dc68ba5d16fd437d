package dev.kiln.sandbox;

import java.time.Duration;

/** How a container run ended. */
public record SandboxResult(int exitCode, Duration wall) {
  public boolean succeeded() {
    return exitCode == 0;
  }
}
