package dev.kiln.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.model.Container;
import dev.kiln.model.ContainerRun;
import dev.kiln.model.EnvSpec;
import dev.kiln.model.ImageSpec;
import dev.kiln.model.Limits;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers, container runs, environments and images as the recipe language records them. */
class ContainerDslTest {
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

  @Test
  void a_container_records_every_setting() throws Exception {
    Container c = eval("""
        container "box", packages: %w[busybox] do
          hostname "boxhost"
          workdir "/work"
          bind "work", at: "/work"
          ro_bind "data", at: "/data"
          tmpfs "/scratch"
          env "A", "1"
          network
          limits memory: "256M", pids: 64
        end
        """).container("box").orElseThrow();
    assertEquals("boxhost", c.hostname());
    assertEquals(Optional.of("/work"), c.workdir());
    assertEquals(List.of(new Container.Bind(dir.resolve("work").toString(), "/work", false),
        new Container.Bind(dir.resolve("data").toString(), "/data", true)), c.binds());
    assertEquals(List.of("/scratch"), c.tmpfs());
    assertEquals("1", c.env().get("A"));
    assertTrue(c.network());
    assertEquals(new Limits(256L << 20, 64), c.limits());
  }

  @Test
  void container_defaults_are_hostname_kiln_no_workdir_no_limits() throws Exception {
    Container c = eval("container \"box\", packages: %w[busybox]\n").container("box").orElseThrow();
    assertEquals("kiln", c.hostname());
    assertEquals(Optional.empty(), c.workdir());
    assertEquals(Limits.NONE, c.limits());
  }

  @Test
  void a_bad_memory_limit_points_at_the_container() throws Exception {
    RecipeException e = evalFails("container \"box\", packages: %w[a] do\n  limits memory: \"lots\"\nend\n");
    assertEquals(1, e.location().line());
    assertTrue(e.problem().contains("memory limit lots is not a size like 512M"), e.problem());
  }

  @Test
  void container_run_is_recorded_in_order_not_run() throws Exception {
    Recipe recipe = eval("""
        container "system", packages: %w[busybox]
        r = container("system").run("busybox", "uname", "-a")
        container("system").run(%w[sh -c true])
        """);
    assertEquals(List.of(new ContainerRun("system", List.of("busybox", "uname", "-a"), recipe.runs().get(0).at()),
        new ContainerRun("system", List.of("sh", "-c", "true"), recipe.runs().get(1).at())), recipe.runs());
    assertEquals(2, recipe.runs().get(0).at().line());
  }

  @Test
  void asking_a_pending_run_for_its_status_during_evaluation_says_when_it_is_known() throws Exception {
    RecipeException e = evalFails("container \"system\", packages: %w[busybox]\nputs container(\"system\").run(\"true\").status\n");
    assertTrue(e.problem().contains("its status is not known yet"), e.problem());
  }

  @Test
  void an_unknown_container_suggests_the_nearest_name() throws Exception {
    RecipeException e = evalFails("container \"system\", packages: %w[busybox]\ncontainer(\"sytem\").run(\"true\")\n");
    assertEquals("no container named \"sytem\"", e.problem());
    assertEquals(Optional.of("did you mean \"system\"?"), e.hint());
  }

  @Test
  void env_and_image_at_top_level_are_recorded_while_env_inside_a_package_still_sets_a_variable() throws Exception {
    Recipe recipe = eval("""
        package "a", "1" do
          env "CFLAGS", "-O2"
        end
        env "base", packages: %w[a b], wins: "b"
        image "rootfs", packages: %w[a], format: :oci, command: %w[/bin/sh -l]
        """);
    assertEquals("-O2", recipe.find("a").orElseThrow().env().get("CFLAGS"));
    EnvSpec env = recipe.env("base").orElseThrow();
    assertEquals(List.of("a", "b"), env.packages());
    assertEquals(List.of("b"), env.wins());
    ImageSpec image = recipe.image("rootfs").orElseThrow();
    assertEquals(ImageSpec.Format.OCI, image.format());
    assertEquals(List.of("/bin/sh", "-l"), image.command());
  }

  @Test
  void an_unknown_image_format_and_a_winner_outside_the_env_are_errors() throws Exception {
    assertTrue(evalFails("image \"r\", packages: %w[a], format: :zip\n").problem().contains("is not one of :tar, :dir, :oci"));
    assertTrue(evalFails("env \"e\", packages: %w[a], wins: \"b\"\n").problem().contains("wins: names b, which is not one of its packages"));
  }
}
