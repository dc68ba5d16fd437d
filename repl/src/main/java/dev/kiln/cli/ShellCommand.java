package dev.kiln.cli;

import dev.kiln.build.Containers;
import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.sandbox.Sandbox;
import dev.kiln.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shell", description = "Runs a shell or a command in a container holding the given packages (built first if missing).")
final class ShellCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Option(names = "--with", split = ",", paramLabel = "PKG", required = true, description = "Packages to put in the container.")
  List<String> with;

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "A host directory to mount writable at /work and start in.")
  Path workdir;

  @Parameters(paramLabel = "CMD", description = "The command (default: /bin/sh).")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(recipeFile.file);
      Plan plan = session.plan(recipe, with);
      session.build(recipe, plan);
      SandboxSpec spec = Containers.shell(session.store(), plan, plan.targets(), true, workdir,
          command.isEmpty() ? List.of("/bin/sh") : command);
      return Sandbox.runAttached(spec).exitCode();
    });
  }
}
