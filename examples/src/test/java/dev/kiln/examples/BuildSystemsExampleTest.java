package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/tally: the :cmake and :meson build systems fill in phases that build, test and install. */
class BuildSystemsExampleTest {
  private static final Path RECIPE = Path.of("tally/recipe.rb").toAbsolutePath();

  @TempDir Path home;

  private static String kiln(String... args) throws Exception {
    return KilnProcess.ok(args);
  }

  @Test
  void cmake_and_meson_packages_build_check_and_install() throws Exception {
    String run = kiln("run", "--home", home.toString(), RECIPE.toString());
    assertTrue(run.contains("built 2 packages"), run);
    for (String system : List.of("cmake", "meson")) {
      Path entry;
      try (var entries = Files.list(home.resolve("store"))) {
        entry = entries.filter(e -> e.getFileName().toString().startsWith("tally-" + system + "-1.0-")).findFirst().orElseThrow();
      }
      Process tally = new ProcessBuilder(entry.resolve("bin/tally").toString()).start();
      tally.getOutputStream().write("a b\nc\n".getBytes(StandardCharsets.UTF_8));
      tally.getOutputStream().close();
      assertEquals("2 3 6\n", new String(tally.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      String log;
      try (var logs = Files.list(home.resolve("logs"))) {
        log = Files.readString(logs.filter(l -> l.getFileName().toString().startsWith("tally-" + system)).findFirst().orElseThrow());
      }
      assertTrue(log.contains("==> check: "), log);
      assertTrue(log.contains(system.equals("cmake") ? "100% tests passed" : "Ok:                 1"), log);
    }
    String script = kiln("show", "--home", home.toString(), "-f", RECIPE.toString(), "tally-meson", "--script");
    assertTrue(script.contains("# phase configure\necho '==> configure: meson setup build --prefix=$out"), script);
    assertTrue(script.contains("# phase post-install\n"), script);
  }
}
