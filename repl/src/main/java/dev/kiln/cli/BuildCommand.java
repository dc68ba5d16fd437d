package dev.kiln.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", description = "Builds the named packages (and what they need) from a recipe.")
final class BuildCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The recipe (default: the last one run, else ./bootstrap.rb).")
  Path file;

  @Parameters(arity = "1..*", paramLabel = "PACKAGE")
  List<String> packages;

  @Override
  public Integer call() throws InterruptedException {
    return RunCommand.buildAll(options, file, packages);
  }
}
