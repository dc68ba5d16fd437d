package dev.kiln.build;

import dev.kiln.plan.PlannedPackage;
import java.io.IOException;
import java.util.Optional;

/**
 * Something that can put a planned package into the store without building it, e.g. by downloading it
 * from a binary repo. The scheduler asks before each build; the builder runs only when this says no.
 */
@FunctionalInterface
public interface Substituter {
  /** Substitutes nothing: every missing package is built. */
  Substituter NONE = pkg -> Optional.empty();

  /**
   * Tries to commit {@code pkg} into the store, whose entry is missing. Must follow the store's protocol
   * (lock the entry, clear abandoned work, commit atomically), and must leave nothing behind when it
   * gives up.
   *
   * @return where it came from (a repo name), or empty to build it instead
   */
  Optional<String> substitute(PlannedPackage pkg) throws IOException, InterruptedException;
}
