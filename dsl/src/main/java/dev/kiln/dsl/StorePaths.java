package dev.kiln.dsl;

import dev.kiln.model.Package;

/**
 * Answers {@code pkg("zlib").path} at the REPL's prompt: plans the package (a variant too) and
 * gives its store path on this machine. Implemented in the {@code repl} module; a recipe file
 * evaluated by {@code kiln run} has none, since a store path is known only once evaluation ends.
 */
@FunctionalInterface
public interface StorePaths {
  String pathOf(Package pkg) throws Exception;
}
