package dev.kiln.cli;

import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "plan", description = "Shows what a run would build and why, without building.")
final class PlanCommand implements Callable<Integer> {
  @Mixin Options options = new Options();

  @Mixin RecipeFile recipeFile = new RecipeFile();

  @Parameters(paramLabel = "PACKAGE", description = "Packages to plan (default: all).")
  List<String> packages = new ArrayList<>();

  @picocli.CommandLine.Option(names = "--store-names",
      description = "Print only each planned package's store entry name (NAME-VERSION-HASH), one a line, inputs first.")
  boolean storeNames;

  @Override
  public Integer call() throws InterruptedException {
    Session session = new Session(options);
    return session.guard(() -> {
      List<String> names = new ArrayList<>(packages);
      java.nio.file.Path file = recipeFile.file;
      if (file == null && !names.isEmpty() && names.get(0).endsWith(".rb")) {
        file = java.nio.file.Path.of(names.remove(0)); // kiln plan bootstrap.rb [PACKAGE…]
      }
      Recipe recipe = session.recipe(file);
      Plan plan = session.plan(recipe, names);
      if (storeNames) {
        StringBuilder text = new StringBuilder();
        plan.buildOrder().forEach(p -> text.append(p.storeName()).append('\n'));
        System.out.print(text);
        return Main.OK;
      }
      int missing = 0;
      String stage = null;
      for (PlannedPackage p : plan.buildOrder()) {
        if (!p.pkg().stage().equals(stage)) {
          stage = p.pkg().stage();
          System.out.println(describe(recipe.stage(stage)));
        }
        boolean built = session.store().contains(p.storeName());
        missing += built ? 0 : 1;
        System.out.printf("  %-6s %-22s %-9s %s%n", built ? "built" : "build", p.pkg().displayName(),
            p.shortHash(), built ? "" : why(session, plan, p, recipe.stage(p.pkg().stage())));
      }
      System.out.println(missing == 0 ? "nothing to build" : missing + " to build");
      return Main.OK;
    });
  }

  private static String describe(dev.kiln.model.Stage stage) {
    String from = stage.from().isEmpty() ? "" : ", from " + String.join(" and ", stage.from());
    return "stage " + stage.name() + (stage.importsHost() ? " (sees the host" + from + ")" : " (hermetic" + from + ")");
  }

  /** Why a package must build: never built, or what changed since the last build of its name. */
  private static String why(Session session, Plan plan, PlannedPackage p, dev.kiln.model.Stage stage) throws IOException {
    java.util.Optional<dev.kiln.build.BuildRecords.Changes> last =
        dev.kiln.build.BuildRecords.sinceLastBuild(session.store(), plan, p, stage);
    if (last.isEmpty()) {
      return "(never built)";
    }
    List<String> lines = last.get().lines();
    if (lines.isEmpty()) {
      return "(inputs changed since the last build)";
    }
    String shown = String.join("; ", lines.subList(0, Math.min(3, lines.size())));
    return "(" + shown + (lines.size() > 3 ? "; " + (lines.size() - 3) + " more: :why in kiln repl" : "") + ")";
  }
}
