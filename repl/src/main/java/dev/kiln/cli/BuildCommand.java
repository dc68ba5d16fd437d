package dev.kiln.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", description = "Builds the named packages (and what they need) from a recipe.")
final class BuildCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Parameters(arity = "1..*", paramLabel = "PACKAGE")
  List<String> packages;

  @Option(names = "--timeline", paramLabel = "FILE", description = "Draw the run as a timeline (.html or .svg).")
  java.nio.file.Path timeline;

  @Override
  public Integer call() throws InterruptedException {
    return RunCommand.buildAll(options, recipeFile.file, packages, timeline);
  }
}
