package dev.kiln.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.model.UnpackLimits;
import dev.kiln.hash.Sha256;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.Source;
import dev.kiln.model.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeEvaluatorTest {
  private static final String SHA = "b36be4b851d93edc0dab9fbfde732e23957c36113a6f5ee7b31869d0ab210621";
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

  /** kiln starts without RubyGems; a recipe that needs a gem (prime ships as one with JRuby) loads it then. */
  @Test
  void rubygems_is_loaded_only_for_a_recipe_that_needs_a_gem() throws Exception {
    Recipe plain = eval("""
        package "plain", (defined?(::Gem::Specification) ? "gems" : "none") do
        end
        """);
    assertEquals("none", plain.find("plain").orElseThrow().version());

    Recipe needing = eval("""
        require "prime"
        gem "rake"
        package "primes", Prime.first(4).last.to_s do
        end
        """);
    assertEquals("7", needing.find("primes").orElseThrow().version());

    RecipeException missing = evalFails("require \"surely_no_such_gem_anywhere\"\n");
    assertTrue(missing.getMessage().contains("surely_no_such_gem_anywhere"), missing.getMessage());
  }

  /** Recipes may ask the host things (`uname -m`); without JRuby's native layer that once failed. */
  @Test
  void a_recipe_may_run_host_commands_while_it_is_evaluated() throws Exception {
    Recipe recipe = eval("""
        arch = `uname -m`.strip
        quiet = system("true")
        package "probe", "1.0" do
          env "ARCH", arch
          env "QUIET", quiet.to_s
        end
        """);
    Package probe = recipe.find("probe").orElseThrow();
    assertEquals(System.getProperty("os.arch").equals("amd64") ? "x86_64" : probe.env().get("ARCH"),
        probe.env().get("ARCH"));
    assertEquals("true", probe.env().get("QUIET"));
  }

  @Test
  void records_a_package_as_data_without_running_anything() throws Exception {
    Recipe recipe = eval("""
        package "zlib", "1.3" do
          source "https://zlib.net/zlib-1.3.tar.gz", sha256: "%s"
          depends_on "musl"
          env "CFLAGS", "-O2"
          build do
            sh "./configure --prefix=#{prefix}"
            cd "src"
            run "make", "-j#{jobs}", "CC=cc -static"
          end
        end
        package "musl", "1.2.3" do
          build { sh "touch /definitely/not/run" }
        end
        """.formatted(SHA));
    Package zlib = recipe.find("zlib").orElseThrow();
    assertEquals("1.3", zlib.version());
    assertEquals("zlib-1.3.tar.gz", zlib.sources().get(0).fileName());
    assertEquals(Sha256.of(SHA), zlib.sources().get(0).sha256());
    assertEquals("musl", zlib.dependencies().get(0).name());
    assertEquals(3, zlib.dependencies().get(0).declaredAt().line());
    assertEquals("-O2", zlib.env().get("CFLAGS"));
    assertEquals(List.of(new Step.Sh("./configure --prefix=$out"), new Step.Cd("src"),
        new Step.Run(List.of("make", "-j$JOBS", "CC=cc -static"))), zlib.steps("build"));
    assertEquals(1, zlib.declaredAt().line());
  }

  @Test
  void a_local_source_is_resolved_against_the_recipe_and_hashed() throws Exception {
    Files.writeString(dir.resolve("local.tar"), "bytes");
    Recipe recipe = eval("package \"l\", \"1\" do\n  source \"local.tar\"\nend\n");
    var source = recipe.find("l").orElseThrow().sources().get(0);
    assertEquals(dir.resolve("local.tar").toUri(), source.location());
    assertEquals(Sha256.ofString("bytes"), source.sha256());
  }

  @Test
  void a_missing_local_source_is_an_error_at_its_line_even_with_a_sha256() throws Exception {
    Files.writeString(dir.resolve("hello-1.0.tar.gz"), "bytes");
    RecipeException e = evalFails("""
        package "hello", "1.0" do

          source "helo-1.0.tar.gz",
                 sha256: "%s"
        end
        """.formatted(SHA));
    assertTrue(e.location().file().endsWith("recipe.rb"), e.location().toString());
    assertEquals(3, e.location().line());
    assertEquals("source file helo-1.0.tar.gz does not exist", e.problem());
    assertEquals("did you mean \"hello-1.0.tar.gz\"?", e.hint().orElseThrow());
  }

  @Test
  void a_missing_local_patch_or_file_url_is_an_error_at_its_line() throws Exception {
    RecipeException patch = evalFails("package \"a\", \"1\" do\n  patch \"patches/fix.patch\"\nend\n");
    assertEquals(2, patch.location().line());
    assertEquals("patch file patches/fix.patch does not exist", patch.problem());
    assertTrue(patch.hint().orElseThrow().contains("relative to the recipe's directory"), patch.hint().orElseThrow());

    Path gone = dir.resolve("gone.tar");
    RecipeException url = evalFails("package \"a\", \"1\" do\n  source \"%s\", sha256: \"%s\"\nend\n".formatted(gone.toUri(), SHA));
    assertEquals(2, url.location().line());
    assertEquals("source file gone.tar does not exist", url.problem());

    RecipeException variant = evalFails("package \"a\", \"1\" do\nend\npkg(\"a\").with(patches: [\"nope.patch\"]).build\n");
    assertEquals(3, variant.location().line());
    assertEquals("patch file nope.patch does not exist", variant.problem());
  }

  @Test
  void a_package_defined_twice_in_one_stage_is_an_error_naming_both_lines() throws Exception {
    RecipeException e = evalFails("""
        package "a", "1.0" do
        end
        package "b", "1.0" do
        end
        package "a", "1.0" do
          build { sh "true" }
        end
        """);
    assertEquals(5, e.location().line());
    assertEquals("package a 1.0 is defined twice: recipe.rb:1 and recipe.rb:5", e.problem());
    assertTrue(e.hint().orElseThrow().contains("with(...)"), e.hint().orElseThrow());

    Files.writeString(dir.resolve("base.rb"), "stage :s do\n  package \"a\", \"1.0\" do\n  end\nend\n");
    RecipeException loaded = evalFails("load \"base.rb\"\nstage :t, from: :s do\nend\nstage :s do\n  package \"a\", \"1.0\" do\n  end\nend\n");
    assertEquals(5, loaded.location().line());
    assertEquals("package a 1.0 in stage s is defined twice: base.rb:2 and recipe.rb:5", loaded.problem());
  }

  @Test
  void the_same_package_in_other_stages_versions_and_variants_is_no_duplicate() throws Exception {
    Recipe recipe = eval("""
        def tool
          package "tool", "1.0" do
            build { sh "true" }
          end
        end
        stage :seed, host: true do
          tool
        end
        stage :final, from: :seed do
          tool
          package "tool", "2.0" do
          end
        end
        tool
        pkg("tool").with(env: { "X" => "1" }).build
        pkg("tool").with(env: { "X" => "1" }).build
        """);
    assertEquals(4, recipe.packages().size());
    assertEquals(2, recipe.requests().size());
  }

  @Test
  void containers_envs_images_and_repos_defined_twice_are_errors_naming_both_lines() throws Exception {
    String pkgs = "package \"a\", \"1\" do\nend\n";
    List<String[]> cases = List.of(
        new String[] {"container \"box\", packages: %w[a]\n", "container box"},
        new String[] {"env \"base\", packages: %w[a]\n", "env base"},
        new String[] {"image \"root\", packages: %w[a]\n", "image root"},
        new String[] {"repo \"up\", path: \"repo\"\n", "repo up"});
    for (String[] c : cases) {
      RecipeException e = evalFails(pkgs + c[0] + "\n" + c[0]);
      assertEquals(5, e.location().line(), c[1]);
      assertEquals(c[1] + " is defined twice: recipe.rb:3 and recipe.rb:5", e.problem());
    }
  }

  @Test
  void a_value_of_the_wrong_type_is_refused_at_its_line_with_method_type_and_value() throws Exception {
    RecipeException env = evalFails("package \"a\", \"1\" do\n\n\n  env \"CFLAGS\", 42\nend\n");
    assertTrue(env.location().file().endsWith("recipe.rb"), env.location().toString());
    assertEquals(4, env.location().line());
    assertEquals("env \"CFLAGS\" wants a string, got 42 (Integer)", env.problem());
    assertEquals("write it in quotes: \"42\"", env.hint().orElseThrow());

    String[][] cases = {
        {"package \"a\", 1.10 do\nend\n", "1", "package \"a\" version wants a string, got 1.1 (Float)"},
        {"package \"a\", \"1\" do\n  env CFLAGS: :O2\nend\n", "2", "env \"CFLAGS\" wants a string, got :O2 (Symbol)"},
        {"package \"a\", \"1\" do\n  depends_on \"b\", 7\nend\n", "2", "depends_on wants a string or symbol, got 7 (Integer)"},
        {"package \"a\", \"1\" do\n  source \"https://e.org/a.tgz\", sha256: 12\nend\n", "2",
            "source \"https://e.org/a.tgz\" sha256: wants a string, got 12 (Integer)"},
        {"package \"a\", \"1\" do\n  source nil\nend\n", "2", "source wants a string, got nothing (nil)"},
        {"package \"a\", \"1\" do\n  build do\n    run \"make\", 4\n  end\nend\n", "3", "run \"make\" wants a string, got 4 (Integer)"},
        {"container \"c\", packages: %w[a] do\n  limits pids: \"100\"\nend\n", "2", "limits pids: wants a whole number, got \"100\" (String)"},
        {"container \"c\", packages: %w[a] do\n  network \"no\"\nend\n", "2", "network wants true or false, got \"no\" (String)"},
        {"repo \"up\", path: \"r\", trusted: \"yes\"\n", "1", "repo \"up\" trusted: wants true or false, got \"yes\" (String)"},
        {"package \"a\", \"1\" do\nend\npkg(\"a\").with(version: 2)\n", "3", "with version: wants a string, got 2 (Integer)"},
        {"package \"a\", \"1\" do\nend\ncontainer \"c\", packages: [\"a\", 3]\n", "3",
            "container \"c\" packages: wants a name or an array of names (strings or symbols), got [\"a\", 3] (Array)"},
    };
    for (String[] c : cases) {
      RecipeException e = evalFails(c[0]);
      assertEquals(c[2], e.problem(), c[0]);
      assertEquals(Integer.parseInt(c[1]), e.location().line(), c[0]);
    }
  }

  @Test
  void syntax_error_names_file_and_line() throws Exception {
    RecipeException e = evalFails("package \"a\", \"1\" do\n  build do\n    sh \"make\"\nend\n");
    assertTrue(e.location().file().endsWith("recipe.rb"), e.location().toString());
    assertTrue(e.location().line() >= 4, e.getMessage());
    assertTrue(e.problem().contains("syntax error") || e.problem().contains("unexpected"), e.problem());
  }

  @Test
  void unknown_method_names_the_line_and_suggests_the_right_one() throws Exception {
    RecipeException e = evalFails("package \"a\", \"1\" do\n\n  sorce \"x.tar.gz\", sha256: \"%s\"\nend\n".formatted(SHA));
    assertEquals(3, e.location().line());
    assertTrue(e.problem().contains("sorce"), e.problem());
    assertEquals("did you mean `source`?", e.hint().orElseThrow());
  }

  @Test
  void unknown_step_in_a_build_block_names_the_line() throws Exception {
    RecipeException e = evalFails("package \"a\", \"1\" do\n  build do\n    mkae \"all\"\n  end\nend\n");
    assertEquals(3, e.location().line());
    assertTrue(e.hint().orElseThrow().contains("sh") || e.hint().orElseThrow().contains("run"), e.hint().toString());
  }

  @Test
  void a_url_without_sha256_is_an_error_at_its_line() throws Exception {
    RecipeException e = evalFails("package \"a\", \"1\" do\n  source \"https://example.org/a-1.tar.gz\"\nend\n");
    assertEquals(2, e.location().line());
    assertTrue(e.problem().contains("has no sha256"), e.problem());
    assertTrue(e.hint().orElseThrow().contains("sha256:"));
  }

  @Test
  void a_malformed_sha256_is_an_error_at_its_line() throws Exception {
    RecipeException e = evalFails("package \"a\", \"1\" do\n  source \"https://e.org/a.tgz\", sha256: \"abc\"\nend\n");
    assertEquals(2, e.location().line());
    assertTrue(e.problem().contains("64 hex digits"), e.problem());
  }

  @Test
  void a_source_takes_its_unpack_caps_from_max_size_and_max_ratio() throws Exception {
    Recipe recipe = eval("""
        package "big", "1" do
          source "https://e.org/big-1.tar.xz", sha256: "%s", max_size: "40G", max_ratio: 500
          source "https://e.org/data-1.tar.xz", sha256: "%s", max_size: 1048576
          source "https://e.org/plain-1.tar.xz", sha256: "%s"
        end
        """.formatted(SHA, SHA, SHA));

    List<Source> sources = recipe.find("big").orElseThrow().sources();
    assertEquals(new UnpackLimits(40L << 30, 500), sources.get(0).unpackLimits());
    assertEquals(new UnpackLimits(1 << 20, UnpackLimits.DEFAULT_MAX_RATIO), sources.get(1).unpackLimits());
    assertEquals(UnpackLimits.DEFAULT, sources.get(2).unpackLimits());
  }

  @Test
  void a_bad_max_size_or_max_ratio_is_an_error_at_its_line() throws Exception {
    RecipeException size = evalFails("package \"a\", \"1\" do\n\n  source \"https://e.org/a.tgz\", sha256: \"%s\","
        .formatted(SHA) + " max_size: \"40 gigs\"\nend\n");
    assertEquals(3, size.location().line());
    assertTrue(size.problem().contains("max_size: 40 gigs is not a size like"), size.problem());

    RecipeException ratio = evalFails("package \"a\", \"1\" do\n  source \"https://e.org/a.tgz\", sha256: \"%s\","
        .formatted(SHA) + " max_ratio: 2.5\nend\n");
    assertEquals(2, ratio.location().line());
    assertTrue(ratio.problem().contains("max_ratio: 2.5 is not a whole number"), ratio.problem());

    RecipeException zero = evalFails("package \"a\", \"1\" do\n  source \"https://e.org/a.tgz\", sha256: \"%s\","
        .formatted(SHA) + " max_ratio: 0\nend\n");
    assertTrue(zero.problem().contains("max_ratio must be at least 1"), zero.problem());
  }

  @Test
  void a_ruby_error_in_the_recipe_names_its_line() throws Exception {
    RecipeException e = evalFails("x = 1\ny = nil\ny.upcase\n");
    assertEquals(3, e.location().line());
    assertTrue(e.problem().contains("upcase"), e.problem());
  }

  @Test
  void looking_up_a_missing_package_suggests_a_near_name() throws Exception {
    RecipeException e = evalFails("package \"busybox\", \"1\" do\nend\npackage(\"busybx\")\n");
    assertEquals(3, e.location().line());
    assertEquals("did you mean \"busybox\"?", e.hint().orElseThrow());
  }

  @Test
  void with_makes_a_variant_for_a_one_off_rebuild() throws Exception {
    Files.writeString(dir.resolve("base.rb"), """
        package "hello", "1.0" do
          source "https://example.org/hello-#{version}.tar.gz", sha256: "%s"
          build { sh "make" }
        end
        """.formatted(SHA));
    String other = SHA.replace('b', 'c');
    Recipe recipe = eval("load \"base.rb\"\npackage(\"hello\").with(version: \"1.1\", sha256: \"%s\").build\n".formatted(other));
    Package variant = recipe.requests().get(0);
    assertEquals("1.1", variant.version());
    assertEquals("hello-1.1.tar.gz", variant.sources().get(0).fileName());
    assertEquals(Sha256.of(other), variant.sources().get(0).sha256());
    assertEquals("1.0", recipe.find("hello").orElseThrow().version(), "the original is unchanged");
  }

  @Test
  void a_variant_with_a_new_version_needs_its_sha256_and_a_url_that_follows() throws Exception {
    String base = """
        package "hello", "1.0" do
          source "https://example.org/hello-1.0.tar.gz", sha256: "%s"
          build { sh "make" }
        end
        """.formatted(SHA);
    RecipeException noSha = evalFails(base + "package(\"hello\").with(version: \"1.1\")\n");
    assertEquals(5, noSha.location().line());
    assertTrue(noSha.getMessage().contains("hello 1.1 needs the sha256 of its new source"), noSha.getMessage());
    String other = SHA.replace('b', 'c');
    RecipeException stale = evalFails(base + "package(\"hello\").with(version: \"1.1\", sha256: \"%s\")\n".formatted(other));
    assertTrue(stale.getMessage().contains("does not follow its version"), stale.getMessage());
    Recipe recipe = eval(base + "package(\"hello\").with(version: \"1.1\", sha256: \"%s\", url: \"https://example.org/v%%{version}/hello.tgz\").build\n".formatted(other));
    assertEquals("https://example.org/v1.1/hello.tgz", recipe.requests().get(0).sources().get(0).location().toString());
    RecipeException unknown = evalFails(base + "package(\"hello\").with(verison: \"1.1\")\n");
    assertTrue(unknown.getMessage().contains("with does not take verison:"), unknown.getMessage());
    assertTrue(unknown.hint().orElseThrow().contains("version:"), unknown.hint().orElseThrow());
  }

  @Test
  void a_store_path_asked_for_while_evaluating_points_at_input_instead() throws Exception {
    RecipeException e = evalFails("package \"zlib\", \"1\" do\n  build { sh \"true\" }\nend\nputs pkg(\"zlib\").path\n");
    assertEquals(4, e.location().line());
    assertTrue(e.getMessage().contains("the store path of zlib is known only once the recipe is evaluated"), e.getMessage());
    assertTrue(e.hint().orElseThrow().contains("input(\"zlib\")"), e.hint().orElseThrow());
  }

  @Test
  void a_variant_can_change_phases_patches_dependencies_and_steps() throws Exception {
    Files.writeString(dir.resolve("fix.patch"), "--- a\n+++ b\n");
    Recipe recipe = eval("""
        package "zlib", "1" do
          build { sh "true" }
        end
        package "hello", "1.0" do
          build { sh "make" }
          check { sh "make check" }
        end
        package("hello").with(phases: { check: proc { sh "./hello --version" } }).build
        package("hello").with(patches: ["fix.patch"], depends_on: ["zlib"]) { after(:build) { sh "ls #{input("zlib")}" } }.build
        """);
    Package quick = recipe.requests().get(0);
    assertEquals(List.of(new Step.Sh("./hello --version")), quick.steps("check"));
    assertEquals(List.of(new Step.Sh("make")), quick.steps("build"));
    Package patched = recipe.requests().get(1);
    assertEquals("fix.patch", patched.patches().get(0).source().fileName());
    assertEquals("zlib", patched.dependencies().get(0).name());
    assertEquals(List.of(new Step.Sh("ls ${input_zlib}")), patched.steps("post-build"));
    assertEquals(List.of(new Step.Sh("make check")), patched.steps("check"));
  }

  @Test
  void stages_scope_packages_and_record_their_toolchain() throws Exception {
    Recipe recipe = eval("""
        mirror apt_source: %w[musl busybox]
        stage :seed, host: true do
          host_tools "seed", %w[sh cc], include: %w[/usr/include/linux]
        end
        stage :cross, from: :seed do
          package "busybox", "1.35.0" do
          end
        end
        stage :final, from: %i[cross seed] do
          package "busybox", "1.35.0" do
          end
        end
        container "system", stage: :final, packages: %w[busybox] do
          bind "work", at: "/work", ro: true
          env "PS1", "# "
        end
        """);
    assertEquals(List.of("seed", "cross", "final"), List.copyOf(recipe.stages().keySet()));
    assertEquals(List.of("cross", "seed"), recipe.stages().get("final").from());
    assertTrue(recipe.stages().get("seed").importsHost());
    assertTrue(!recipe.stages().get("cross").importsHost());
    Package seed = recipe.find("seed").orElseThrow();
    assertEquals(List.of("sh", "cc"), seed.hostImport().orElseThrow().tools());
    assertEquals("seed", seed.stage());
    assertEquals("final", recipe.find("busybox").orElseThrow().stage(), "the last definition is the default");
    assertEquals("cross", recipe.find("busybox", "cross").orElseThrow().stage());
    assertEquals(List.of("musl", "busybox"), recipe.aptSources());
    var system = recipe.container("system").orElseThrow();
    assertEquals("final", system.stage());
    assertEquals(dir.resolve("work").toString(), system.binds().get(0).hostPath());
    assertTrue(system.binds().get(0).readOnly());
    assertEquals("# ", system.env().get("PS1"));
  }

  @Test
  void a_stage_built_from_an_undeclared_stage_is_an_error_at_its_line() throws Exception {
    RecipeException e = evalFails("stage :cross, from: :seed do\nend\n");
    assertEquals(1, e.location().line());
    assertTrue(e.problem().contains("stage seed"), e.problem());
  }

  @Test
  void a_missing_recipe_file_is_a_clear_error() {
    RecipeException e = assertThrows(RecipeException.class, () -> ruby.evaluate(dir.resolve("nope.rb")));
    assertTrue(e.problem().contains("no such recipe file"), e.problem());
  }

  @Test
  void evaluating_twice_gives_equal_models() throws Exception {
    String text = "package \"a\", \"1\" do\n  build { sh \"make\" }\nend\n";
    assertEquals(eval(text).packages(), eval(text).packages());
  }

  @Test
  void records_repos_with_paths_relative_to_the_recipe() throws Exception {
    Recipe recipe = eval("""
        repo "up", url: "http://127.0.0.1:8080", key: "keys/up.pub"
        repo "local", path: "repo", trusted: true
        """);
    assertEquals(2, recipe.repos().size());
    dev.kiln.model.RepoRef up = recipe.repo("up").orElseThrow();
    assertEquals("http://127.0.0.1:8080/", up.location().toString());
    assertEquals(dir.toAbsolutePath().resolve("keys/up.pub"), up.key().orElseThrow());
    assertEquals(1, up.declaredAt().line());
    dev.kiln.model.RepoRef local = recipe.repo("local").orElseThrow();
    assertEquals(dir.toAbsolutePath().resolve("repo"), Path.of(local.location()));
    assertTrue(local.location().toString().endsWith("/repo/"), local.location().toString());
    assertTrue(local.trusted());
    assertTrue(local.key().isEmpty());
  }

  @Test
  void a_repo_needs_exactly_one_of_url_and_path() throws Exception {
    RecipeException e = evalFails("repo \"up\"\n");
    assertTrue(e.problem().contains("needs exactly one of url: and path:"), e.problem());
    assertEquals(1, e.location().line());
    RecipeException scheme = evalFails("repo \"up\", url: \"ftp://example.org/\"\n");
    assertTrue(scheme.problem().contains("unsupported location"), scheme.problem());
  }
}
