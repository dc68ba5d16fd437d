package dev.kiln.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.model.BuildLimits;
import dev.kiln.model.Limits;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package's timeout, max_silent and limits as the recipe language records them. */
class BuildLimitsDslTest {
  private static RecipeEvaluator ruby;
  @TempDir Path dir;

  @BeforeAll
  static void startRuby() {
    ruby = RecipeEvaluator.create(List.of());
  }

  private Recipe eval(String text) throws Exception {
    return ruby.evaluate(Files.writeString(dir.resolve("recipe.rb"), text));
  }

  private RecipeException evalFails(String text) throws Exception {
    Files.writeString(dir.resolve("recipe.rb"), text);
    return assertThrows(RecipeException.class, () -> ruby.evaluate(dir.resolve("recipe.rb")));
  }

  private static Package named(Recipe recipe, String name) {
    return recipe.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void a_package_records_its_timeout_max_silent_and_limits() throws Exception {
    Recipe recipe = eval("""
        package "x", "1" do
          timeout 3600
          max_silent "10m"
          limits memory: "64M", pids: 64
          build { sh "make" }
        end
        package "y", "1", timeout: "1h30m", max_silent: 1.5, limits: { pids: 8 } do
          build { sh "make" }
        end
        package "z", "1" do
          build { sh "make" }
        end
        """);
    assertEquals(new BuildLimits(Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofMinutes(10)),
        new Limits(64L << 20, 64)), named(recipe, "x").limits());
    assertEquals(new BuildLimits(Optional.of(Duration.ofMinutes(90)), Optional.of(Duration.ofMillis(1500)),
        new Limits(0, 8)), named(recipe, "y").limits());
    assertEquals(BuildLimits.NONE, named(recipe, "z").limits());
  }

  @Test
  void a_stages_defaults_give_its_packages_limits_they_may_override() throws Exception {
    Recipe recipe = eval("""
        stage :s, host: true do
          defaults timeout: "2h", max_silent: 600, limits: { memory: "1G" }
          package "a", "1" do
            build { sh "make" }
          end
          package "b", "1" do
            timeout 0
            limits pids: 10
            build { sh "make" }
          end
        end
        package "outside", "1" do
          build { sh "make" }
        end
        """);
    assertEquals(new BuildLimits(Optional.of(Duration.ofHours(2)), Optional.of(Duration.ofMinutes(10)),
        new Limits(1L << 30, 0)), named(recipe, "a").limits());
    assertEquals(new BuildLimits(Optional.of(Duration.ZERO), Optional.of(Duration.ofMinutes(10)),
        new Limits(1L << 30, 10)), named(recipe, "b").limits());
    assertEquals(BuildLimits.NONE, named(recipe, "outside").limits());
  }

  @Test
  void a_bad_duration_is_an_error_at_its_line() throws Exception {
    RecipeException e = evalFails("package \"x\", \"1\" do\n  build { sh \"make\" }\n  timeout \"ten minutes\"\nend\n");
    assertEquals(3, e.location().line());
    assertEquals("timeout \"ten minutes\" is not a duration", e.problem());
    assertTrue(e.hint().orElseThrow().contains("timeout \"10m\""), e.hint().toString());
    RecipeException negative = evalFails("package \"x\", \"1\" do\n  max_silent -5\nend\n");
    assertEquals(2, negative.location().line());
  }

  @Test
  void a_bad_memory_limit_points_at_the_package() throws Exception {
    RecipeException e = evalFails("package \"x\", \"1\" do\n  limits memory: \"lots\"\nend\n");
    assertEquals(1, e.location().line());
    assertTrue(e.problem().contains("memory limit lots is not a size like 512M"), e.problem());
  }
}
