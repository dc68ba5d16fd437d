package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiln command end to end, in this JVM, against real containers. */
class CliTest {
  @TempDir Path dir;

  private Path recipe(String text) throws Exception {
    return Files.writeString(dir.resolve("recipe.rb"), text);
  }

  private String home() {
    return dir.resolve("home").toString();
  }

  private static final String TOOLS = """
      package "tool", "2.0" do
        build do
          sh "mkdir -p #{prefix}/bin"
          sh "printf '#!/bin/sh\\\\necho tool says hi\\\\n' > #{prefix}/bin/tool && chmod +x #{prefix}/bin/tool"
        end
      end
      package "app", "1.0" do
        depends_on "tool"
        build { sh "mkdir -p #{prefix} && tool > #{prefix}/said" }
      end
      """;

  @Test
  void run_builds_everything_and_a_second_run_builds_nothing() throws Exception {
    Path file = recipe(TOOLS);
    Kiln.Result first = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(0, first.exit(), first.toString());
    assertTrue(first.err().contains("built 2 packages"), first.toString());
    Path app = Path.of(first.out().lines().reduce((a, b) -> b).orElseThrow());
    assertEquals("tool says hi\n", Files.readString(app.resolve("said")));

    Kiln.Result second = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(0, second.exit(), second.toString());
    assertTrue(second.err().contains("nothing to build: 2 packages up to date"), second.toString());
  }

  @Test
  void show_prints_hash_inputs_store_path_and_script_using_the_last_recipe() throws Exception {
    Path file = recipe(TOOLS);
    assertEquals(0, Kiln.run("plan", "--home", home(), "-f", file.toString()).exit());
    assertEquals(0, Kiln.run("run", "--home", home(), file.toString(), "tool").exit());
    Kiln.Result show = Kiln.run("show", "--home", home(), "app");
    assertEquals(0, show.exit(), show.toString());
    assertTrue(show.out().contains("app 1.0  (stage default, not built)"), show.out());
    assertTrue(show.out().matches("(?s).*hash         [0-9a-f]{64}.*"), show.out());
    assertTrue(show.out().contains("input        tool 2.0  tool-2.0-"), show.out());
    assertTrue(show.out().contains("store path   " + home() + "/store/app-1.0-"), show.out());
    assertTrue(show.out().contains("tool > $out/said"), show.out());

    Kiln.Result script = Kiln.run("show", "--home", home(), "app", "--script");
    assertTrue(script.out().startsWith("#!/bin/sh\n"), script.out());
  }

  @Test
  void variants_change_one_phase_or_add_a_patch_and_plan_says_what_changed() throws Exception {
    Files.writeString(dir.resolve("greet.txt"), "hello\n");
    Files.writeString(dir.resolve("fix.patch"), "--- a/greet.txt\n+++ b/greet.txt\n@@ -1 +1 @@\n-hello\n+hello, patched\n");
    Path file = recipe("""
        package "greet", "1.0" do
          source "greet.txt"
          build { sh "mkdir -p #{prefix} && cp greet.txt #{prefix}/" }
          check { sh "grep -q hello greet.txt" }
        end
        """);
    assertEquals(0, Kiln.run("run", "--home", home(), file.toString()).exit());
    Path quick = Files.writeString(dir.resolve("quick.rb"),
        "load \"recipe.rb\"\npackage(\"greet\").with(phases: { check: proc { sh \"test -s greet.txt\" } }).build\n");
    Kiln.Result plan = Kiln.run("plan", "--home", home(), "-f", quick.toString());
    assertTrue(plan.out().matches("(?s).*build  greet 1.0 .*\\(phase check changed: [0-9a-f]{8} -> [0-9a-f]{8}\\)\n.*"),
        plan.out());
    Path patched = Files.writeString(dir.resolve("patched.rb"),
        "load \"recipe.rb\"\npackage(\"greet\").with(patches: [\"fix.patch\"]).build\n");
    plan = Kiln.run("plan", "--home", home(), "-f", patched.toString());
    assertTrue(plan.out().contains("(patch fix.patch -p1 added: "), plan.out());
    assertTrue(plan.out().contains("phase patch added: "), plan.out());
    Kiln.Result run = Kiln.run("run", "--home", home(), patched.toString());
    assertEquals(0, run.exit(), run.toString());
    Path out = Path.of(run.out().lines().reduce((a, b) -> b).orElseThrow());
    assertEquals("hello, patched\n", Files.readString(out.resolve("greet.txt")));
  }

  @Test
  void an_evaluation_is_kept_until_the_recipe_changes() throws Exception {
    Path file = recipe(TOOLS);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Kiln.Result first = Kiln.run("plan", "--home", home(), "-f", file.toString());
    assertTrue(first.out().contains("tool 2.0"), first.toString());
    try (var entries = Files.list(dir.resolve("home/eval-cache"))) {
      assertEquals(1, entries.count());
    }
    Kiln.Result kept = Kiln.run("plan", "--home", home(), "-f", file.toString());
    assertEquals(first.out(), kept.out());

    recipe(TOOLS.replace("\"2.0\"", "\"2.1\""));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 30_000));
    Kiln.Result edited = Kiln.run("plan", "--home", home(), "-f", file.toString());
    assertTrue(edited.out().contains("tool 2.1"), edited.toString());
    Kiln.Result uncached = Kiln.run("plan", "--home", home(), "--no-eval-cache", "-f", file.toString());
    assertEquals(edited.out(), uncached.out());
  }

  @Test
  void plan_says_what_would_build_and_why() throws Exception {
    Path file = recipe(TOOLS);
    Kiln.Result before = Kiln.run("plan", "--home", home(), "-f", file.toString());
    assertTrue(before.out().contains("2 to build"), before.out());
    assertTrue(before.out().contains("(never built)"), before.out());
    assertEquals(0, Kiln.run("run", "--home", home(), file.toString()).exit());
    recipe(TOOLS.replace("tool > ", "tool >> "));
    Kiln.Result after = Kiln.run("plan", "--home", home(), "-f", file.toString());
    assertTrue(after.out().contains("1 to build"), after.out());
    assertTrue(after.out().contains("(phase build changed: "), after.out());
  }

  @Test
  void a_failing_build_exits_1_with_the_log_tail_and_its_path() throws Exception {
    Path file = recipe("package \"bad\", \"1\" do\n  build { sh \"echo the linker broke; exit 7\" }\nend\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("bad 1 failed to build (exit status 7)"), r.err());
    assertTrue(r.err().contains("  the linker broke"), r.err());
    assertTrue(r.err().contains("full log: " + home() + "/logs/bad-1-"), r.err());
  }

  @Test
  void a_recipe_error_exits_2_with_file_line_and_hint() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\n  depends_on \"ghost\"\nend\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("recipe.rb:2: error: a depends on \"ghost\""), r.err());
    assertTrue(r.err().contains("hint: "), r.err());
    assertFalse(r.err().contains("at dev.kiln"), "no Java stack trace: " + r.err());
  }

  @Test
  void plan_of_a_recipe_whose_local_source_is_missing_exits_2_naming_file_and_line() throws Exception {
    Files.writeString(dir.resolve("tool-1.0.tar.gz"), "bytes");
    Path file = recipe("package \"tool\", \"1.0\" do\n  source \"tol-1.0.tar.gz\", sha256: \"" + "0".repeat(64) + "\"\n"
        + "  build { sh \"true\" }\nend\n");
    Kiln.Result r = Kiln.run("plan", "--home", home(), "-f", file.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("recipe.rb:2: error: source file tol-1.0.tar.gz does not exist"), r.err());
    assertTrue(r.err().contains("hint: did you mean \"tool-1.0.tar.gz\"?"), r.err());
    assertFalse(r.err().contains("Exception"), "no Java exception names: " + r.err());
  }

  @Test
  void a_syntax_error_exits_2_naming_the_line() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\n  build do\n    sh \"make\"\n  end\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().matches("(?s).*recipe\\.rb:\\d+: error: .*"), r.err());
  }

  @Test
  void wrong_sha256_names_file_expected_and_actual_and_builds_nothing() throws Exception {
    Files.writeString(dir.resolve("src.tar"), "not what the recipe pinned");
    String pinned = "0".repeat(64);
    Path file = recipe("package \"a\", \"1\" do\n  source \"src.tar\", sha256: \"" + pinned + "\"\n  build { sh \"true\" }\nend\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("src.tar"), r.err());
    assertTrue(r.err().contains(pinned), r.err());
    assertTrue(r.err().contains(dev.kiln.hash.Sha256.ofString("not what the recipe pinned").hex()), r.err());
    try (var cached = Files.list(dir.resolve("home/distfiles"))) {
      assertEquals(0, cached.count(), "the bad file is not kept");
    }
  }

  @Test
  void a_one_off_script_builds_a_variant_and_leaves_the_original_alone() throws Exception {
    recipe(TOOLS);
    Path script = Files.writeString(dir.resolve("rebuild.rb"),
        "load \"recipe.rb\"\npackage(\"tool\").with(version: \"2.1\").build\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), script.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().trim().matches(".*/store/tool-2\\.1-[0-9a-f]{32}"), r.out());
    try (var entries = Files.list(dir.resolve("home/store"))) {
      assertEquals(1, entries.count(), "only the variant was built");
    }
  }

  @Test
  void usage_errors_exit_2_and_version_works() {
    assertEquals(2, Kiln.run("run").exit());
    assertEquals(2, Kiln.run("frobnicate").exit());
    Kiln.Result v = Kiln.run("--version");
    assertEquals(0, v.exit());
    assertTrue(v.out().startsWith("kiln "), v.out());
  }

  @Test
  void shell_runs_a_command_among_the_packages_and_returns_its_status() throws Exception {
    Path file = recipe(TOOLS);
    Kiln.Result ok = Kiln.run("shell", "--home", home(), "-f", file.toString(), "--with", "tool", "--", "tool");
    assertEquals(0, ok.exit(), ok.toString());
    Kiln.Result status = Kiln.run("shell", "--home", home(), "-f", file.toString(), "--with", "tool", "--", "sh", "-c", "exit 5");
    assertEquals(5, status.exit(), status.toString());
  }
}
