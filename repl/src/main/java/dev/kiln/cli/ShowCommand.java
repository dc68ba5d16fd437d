package dev.kiln.cli;

import dev.kiln.model.Package;
import dev.kiln.model.Patch;
import dev.kiln.model.Recipe;
import dev.kiln.model.Source;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Shows a package: hash, inputs, store path and build script.")
final class ShowCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Option(names = "--script", description = "Print only the rendered build script.")
  boolean scriptOnly;

  @Parameters(paramLabel = "PACKAGE")
  String name;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      Recipe recipe = session.recipe(recipeFile.file);
      Plan plan = session.plan(recipe, List.of(name));
      PlannedPackage p = plan.targets().get(0);
      Package pkg = p.pkg();
      if (scriptOnly) {
        System.out.print(pkg.script());
        return Main.OK;
      }
      boolean built = session.store().contains(p.storeName());
      System.out.println(pkg.displayName() + "  (stage " + pkg.stage() + ", " + (built ? "built" : "not built") + ")");
      System.out.println("  declared at  " + pkg.declaredAt());
      System.out.println("  hash         " + p.hash());
      System.out.println("  store path   " + session.store().entry(p.storeName()));
      System.out.println("  in container " + dev.kiln.store.Store.containerPath(p.storeName()));
      for (Source s : pkg.sources()) {
        System.out.println("  source       " + s.fileName() + "  sha256 " + s.sha256() + "\n               from " + s.location());
      }
      for (Patch patch : pkg.patches()) {
        System.out.println("  patch        " + patch.source().fileName() + " -p" + patch.strip() + "  sha256 " + patch.sha256());
      }
      for (PlannedPackage in : plan.inputsOf(p)) {
        System.out.println("  input        " + in.pkg().displayName() + "  " + in.storeName());
      }
      for (Map.Entry<String, String> e : pkg.env().entrySet()) {
        System.out.println("  env          " + e.getKey() + "=" + e.getValue());
      }
      System.out.println("  log          " + session.store().logFile(p.storeName()));
      System.out.println("  script:");
      pkg.script().lines().forEach(line -> System.out.println("    " + line));
      return Main.OK;
    });
  }
}
