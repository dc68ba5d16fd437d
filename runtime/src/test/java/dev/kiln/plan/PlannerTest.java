package dev.kiln.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Dependency;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.Source;
import dev.kiln.model.SourceLocation;
import dev.kiln.model.Step;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Sha256 SRC = Sha256.ofString("hello-1.0 source bytes");

  private static Package.Builder pkg(String name, String script) {
    return Package.builder(name, "1.0")
        .source(Source.of(URI.create("https://example.org/" + name + "-1.0.tar.gz"), SRC))
        .step(new Step.Sh(script));
  }

  /** musl <- busybox <- image, and an unrelated zlib. */
  private static List<Package> world(String muslScript) {
    return List.of(
        pkg("musl", muslScript).build(),
        pkg("busybox", "make").dependsOn("musl").build(),
        pkg("image", "cp -a . $out").dependsOn("busybox").build(),
        pkg("zlib", "make").build());
  }

  private static Map<String, Sha256> hashes(List<Package> packages) throws RecipeException {
    Plan plan = Planner.plan(Recipe.of(Path.of("test.rb"), packages), List.of());
    return plan.buildOrder().stream().collect(Collectors.toMap(PlannedPackage::name, PlannedPackage::hash));
  }

  @Test
  void same_recipe_gives_the_same_hash_on_every_run() throws Exception {
    assertEquals(hashes(world("make")), hashes(world("make")));
  }

  @Test
  void hash_is_the_same_on_every_machine() throws Exception {
    // A fixed expectation: if this changes, every store path in the world changes with it. Update
    // it only together with PackageHash's encoding version.
    assertEquals("e18d53e435de5c4b995f3a3cc7642a3fec68a6e46df995ab03110090ebf3f797",
        hashes(world("make")).get("image").hex());
  }

  @Test
  void changing_a_dependency_script_changes_every_dependent_hash_and_nothing_else() throws Exception {
    Map<String, Sha256> before = hashes(world("make"));
    Map<String, Sha256> after = hashes(world("make CFLAGS=-Os"));
    assertNotEquals(before.get("musl"), after.get("musl"));
    assertNotEquals(before.get("busybox"), after.get("busybox"));
    assertNotEquals(before.get("image"), after.get("image"));
    assertEquals(before.get("zlib"), after.get("zlib"));
  }

  @Test
  void source_location_and_mirrors_do_not_enter_the_hash() throws Exception {
    Package a = pkg("zlib", "make").build();
    Package b = Package.builder("zlib", "1.0")
        .source(new Source(URI.create("file:/elsewhere/zlib-1.0.tar.gz"), SRC, "zlib-1.0.tar.gz"))
        .step(new Step.Sh("make")).build();
    assertEquals(hashes(List.of(a)), hashes(List.of(b)));
  }

  @Test
  void timeouts_and_limits_do_not_enter_the_hash() throws Exception {
    Package bounded = pkg("zlib", "make").limits(new dev.kiln.model.BuildLimits(
        java.util.Optional.of(java.time.Duration.ofHours(1)), java.util.Optional.of(java.time.Duration.ofMinutes(10)),
        new dev.kiln.model.Limits(64L << 20, 64))).build();
    assertEquals(hashes(List.of(pkg("zlib", "make").build())), hashes(List.of(bounded)));
  }

  @Test
  void source_sha256_env_and_version_each_change_the_hash() throws Exception {
    Sha256 base = hashes(List.of(pkg("zlib", "make").build())).get("zlib");
    Package otherSource = Package.builder("zlib", "1.0")
        .source(Source.of(URI.create("https://example.org/zlib-1.0.tar.gz"), Sha256.ofString("other")))
        .step(new Step.Sh("make")).build();
    assertNotEquals(base, hashes(List.of(otherSource)).get("zlib"));
    assertNotEquals(base, hashes(List.of(pkg("zlib", "make").env("CFLAGS", "-O3").build())).get("zlib"));
    Package otherVersion = Package.builder("zlib", "1.1")
        .source(Source.of(URI.create("https://example.org/zlib-1.0.tar.gz"), SRC)).step(new Step.Sh("make")).build();
    assertNotEquals(base, hashes(List.of(otherVersion)).get("zlib"));
  }

  @Test
  void build_order_puts_inputs_first() throws Exception {
    Plan plan = Planner.plan(Recipe.of(Path.of("test.rb"), world("make")), List.of("image"));
    assertEquals(List.of("musl", "busybox", "image"), plan.buildOrder().stream().map(PlannedPackage::name).toList());
    Map<String, PlannedPackage> byName = plan.buildOrder().stream()
        .collect(Collectors.toMap(PlannedPackage::name, Function.identity()));
    assertEquals(List.of("busybox", "musl"),
        plan.closureOf(byName.get("image")).stream().map(PlannedPackage::name).toList());
  }

  @Test
  void store_name_is_name_version_and_hash_prefix() throws Exception {
    Plan plan = Planner.plan(Recipe.of(Path.of("t.rb"), world("make")), List.of("zlib"));
    PlannedPackage zlib = plan.targets().get(0);
    assertEquals("zlib-1.0-" + zlib.hash().prefix(32), zlib.storeName());
  }

  @Test
  void dependency_on_an_undefined_package_names_the_line() {
    Package broken = pkg("busybox", "make")
        .dependsOn(new Dependency("musl", new SourceLocation("recipe.rb", 12))).build();
    RecipeException e = assertThrows(RecipeException.class,
        () -> Planner.plan(Recipe.of(Path.of("recipe.rb"), List.of(broken)), List.of()));
    assertEquals("recipe.rb:12", e.location().toString());
    assertTrue(e.problem().contains("\"musl\""), e.problem());
  }

  /** seed (stage 0) <- cross: musl <- busybox, zlib; final (from cross): busybox. */
  private static Recipe staged(String muslScript) {
    List<dev.kiln.model.Stage> stages = List.of(
        new dev.kiln.model.Stage("seed", List.of(), true, SourceLocation.UNKNOWN),
        dev.kiln.model.Stage.hermetic("cross", List.of("seed"), SourceLocation.UNKNOWN),
        dev.kiln.model.Stage.hermetic("final", List.of("cross"), SourceLocation.UNKNOWN));
    return Recipe.of(Path.of("r.rb"), stages, List.of(
        pkg("tools", "cp -a /usr $out").stage("seed").build(),
        pkg("musl", muslScript).stage("cross").build(),
        pkg("busybox", "make").stage("cross").dependsOn("musl").build(),
        pkg("zlib", "make").stage("cross").build(),
        pkg("busybox", "make").stage("final").dependsOn("musl").build()));
  }

  @Test
  void dependencies_resolve_in_the_own_stage_then_in_the_stages_built_from() throws Exception {
    Plan plan = Planner.plan(staged("make"), List.of("final/busybox"));
    PlannedPackage busybox = plan.targets().get(0);
    List<String> inputs = plan.inputsOf(busybox).stream().map(p -> p.pkg().stage() + "/" + p.name()).toList();
    assertEquals(List.of("cross/musl", "cross/busybox", "cross/zlib"), inputs,
        "its declared dependency first, then the toolchain: every package of the stage it is built from");
  }

  @Test
  void changing_the_cross_musl_script_rebuilds_its_dependents_and_the_next_stage_only() throws Exception {
    Map<String, Sha256> before = stagedHashes("make");
    Map<String, Sha256> after = stagedHashes("make CFLAGS=-O1");
    assertEquals(before.get("seed/tools"), after.get("seed/tools"));
    assertEquals(before.get("cross/zlib"), after.get("cross/zlib"));
    assertNotEquals(before.get("cross/musl"), after.get("cross/musl"));
    assertNotEquals(before.get("cross/busybox"), after.get("cross/busybox"));
    assertNotEquals(before.get("final/busybox"), after.get("final/busybox"));
  }

  private static Map<String, Sha256> stagedHashes(String muslScript) throws RecipeException {
    return Planner.plan(staged(muslScript), List.of()).buildOrder().stream()
        .collect(Collectors.toMap(p -> p.pkg().stage() + "/" + p.name(), PlannedPackage::hash));
  }

  @Test
  void a_dependency_is_found_along_the_whole_from_chain_but_only_the_nearest_stage_is_toolchain() throws Exception {
    Recipe base = staged("make");
    List<dev.kiln.model.Stage> stages = new java.util.ArrayList<>(base.stages().values());
    stages.add(dev.kiln.model.Stage.hermetic("distro", List.of("final"), SourceLocation.UNKNOWN));
    List<Package> packages = new java.util.ArrayList<>(base.packages());
    packages.add(pkg("zstd", "make").stage("distro").dependsOn("zlib").build());
    Plan plan = Planner.plan(Recipe.of(Path.of("r.rb"), stages, packages), List.of("zstd"));
    PlannedPackage zstd = plan.targets().get(0);
    assertEquals(List.of("cross/zlib", "final/busybox"),
        plan.inputsOf(zstd).stream().map(p -> p.pkg().stage() + "/" + p.name()).toList());
    assertEquals(List.of("zlib"), List.copyOf(zstd.dependencies().keySet()));
  }

  @Test
  void a_dependency_defined_in_a_stage_off_the_chain_is_named_with_its_stage() {
    Recipe base = staged("make");
    List<dev.kiln.model.Stage> stages = new java.util.ArrayList<>(base.stages().values());
    stages.add(dev.kiln.model.Stage.hermetic("side", List.of("seed"), SourceLocation.UNKNOWN));
    List<Package> packages = new java.util.ArrayList<>(base.packages());
    packages.add(pkg("app", "make").stage("side").dependsOn("zlib").build());
    RecipeException e = assertThrows(RecipeException.class,
        () -> Planner.plan(Recipe.of(Path.of("r.rb"), stages, packages), List.of("app")));
    assertEquals("zlib is defined in stage cross, which stage side is not built from: add it to from:",
        e.hint().orElseThrow());
  }

  @Test
  void a_version_constraint_the_recipe_does_not_meet_is_an_error_at_its_line() {
    Package app = pkg("app", "make")
        .dependsOn(Dependency.parse("zlib >= 2", new SourceLocation("recipe.rb", 7))).build();
    RecipeException e = assertThrows(RecipeException.class,
        () -> Planner.plan(Recipe.of(Path.of("recipe.rb"), List.of(pkg("zlib", "make").build(), app)), List.of()));
    assertEquals("recipe.rb:7", e.location().toString());
    assertTrue(e.problem().contains("app needs zlib >= 2, but the recipe's zlib is 1.0"), e.problem());
  }

  @Test
  void a_version_constraint_that_holds_does_not_change_the_hash() throws Exception {
    Package plain = pkg("app", "make").dependsOn("zlib").build();
    Package constrained = pkg("app", "make").dependsOn("zlib >= 1.0, < 2").build();
    assertEquals(hashes(List.of(pkg("zlib", "make").build(), plain)).get("app"),
        hashes(List.of(pkg("zlib", "make").build(), constrained)).get("app"));
  }

  @Test
  void dependency_cycle_is_reported_with_its_path() {
    List<Package> cyclic = List.of(pkg("a", "make").dependsOn("b").build(), pkg("b", "make").dependsOn("a").build());
    RecipeException e = assertThrows(RecipeException.class,
        () -> Planner.plan(Recipe.of(Path.of("r.rb"), cyclic), List.of("a")));
    assertTrue(e.problem().contains("a -> b -> a"), e.problem());
  }
}
