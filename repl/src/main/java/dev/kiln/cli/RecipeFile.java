package dev.kiln.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The -f option of commands that work on a recipe without being given one. */
final class RecipeFile {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "The recipe (default: the one last given to kiln run, else ./bootstrap.rb).")
  Path file;
}
