package dev.kiln.build;

import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a build is told about its declared inputs: each one's store path ({@code input("zlib")} in
 * a recipe renders as {@code ${input_zlib}}), and the compiler's, pkg-config's and aclocal's search
 * paths over the dependency closure, in declaration order. Paths given this way come before the
 * compiler's own directories, so a declared input wins over whatever the host's /usr holds. These
 * are derived from the inputs, whose hashes the package hash already covers.
 */
public final class SearchPaths {
  /** Where each variable looks inside an input, in the order given. */
  private static final Map<String, List<String>> DIRS = Map.of(
      "CPATH", List.of("include"),
      "LIBRARY_PATH", List.of("lib"),
      "PKG_CONFIG_PATH", List.of("lib/pkgconfig", "share/pkgconfig"),
      "ACLOCAL_PATH", List.of("share/aclocal"));

  private SearchPaths() {}

  /** The shell variable that holds the store path of the input named {@code dependency}. */
  public static String inputVariable(String dependency) {
    return "input_" + dependency.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /**
   * The variables for {@code pkg}'s build. A build that sees the host also gets {@code LD_RUN_PATH},
   * so that its programs find the inputs' libraries at run time, not the host's.
   */
  static Map<String, String> of(Store store, Plan plan, PlannedPackage pkg, boolean seesHost) {
    Map<String, String> env = new TreeMap<>();
    pkg.dependencies().forEach((name, storeName) -> env.put(inputVariable(name), Store.containerPath(storeName)));
    List<PlannedPackage> closure = plan.dependencyClosureOf(pkg);
    DIRS.forEach((variable, dirs) -> join(store, closure, dirs).ifPresent(v -> env.put(variable, v)));
    if (seesHost) {
      join(store, closure, List.of("lib")).ifPresent(v -> env.put("LD_RUN_PATH", v));
    }
    return env;
  }

  private static java.util.Optional<String> join(Store store, List<PlannedPackage> closure, List<String> dirs) {
    List<String> found = new ArrayList<>();
    for (PlannedPackage input : closure) {
      for (String dir : dirs) {
        if (Files.isDirectory(store.entry(input.storeName()).resolve(dir))) {
          found.add(Store.containerPath(input.storeName()) + "/" + dir);
        }
      }
    }
    return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(":", found));
  }
}
