package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environments, profiles, gc and images through the kiln command. */
class EnvCliTest {
  @TempDir Path dir;

  private static final String MORE = """
      package "other", "1" do
        build { sh "mkdir -p #{prefix}/bin && echo other > #{prefix}/bin/tool" }
      end
      package "unused", "1" do
        build { sh "mkdir -p #{prefix}" }
      end
      env "base", stage: :final, packages: %w[tool]
      env "clash", stage: :final, packages: %w[tool default/other]
      env "fixed", stage: :final, packages: %w[tool default/other], wins: "other"
      image "rootfs", stage: :final, packages: %w[tool], format: :tar
      """;

  private Kiln.Result kiln(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--home=" + dir.resolve("home");
    return Kiln.run(all);
  }

  @Test
  void profile_switch_list_rollback_and_gc_keep_what_profiles_reach() throws Exception {
    Path recipe = Box.write(dir, MORE);
    Kiln.Result sw = kiln("profile", "switch", "-f", recipe.toString(), "dev", "base");
    assertEquals(0, sw.exit(), sw.toString());
    Path profile = Path.of(sw.out().strip());
    assertTrue(Files.readString(profile.resolve("bin/tool")).contains("echo tool ran"), "the profile holds tool");

    Kiln.Result clash = kiln("profile", "switch", "-f", recipe.toString(), "dev", "clash");
    assertEquals(2, clash.exit(), clash.toString());
    assertTrue(clash.err().contains("error: env \"clash\": bin/tool is provided by both tool 1 and other 1"), clash.err());
    assertTrue(clash.err().contains("hint: mark the one that should win"), clash.err());

    assertEquals(0, kiln("profile", "switch", "-f", recipe.toString(), "dev", "fixed").exit());
    assertEquals("other\n", Files.readString(profile.resolve("bin/tool")));
    Kiln.Result list = kiln("profile", "list");
    assertTrue(list.out().matches("(?s)dev\n +1  base-env-[0-9a-f]{32}\n +2  fixed-env-[0-9a-f]{32}  \\(current\\)\n"), list.out());
    assertEquals(0, kiln("profile", "rollback", "dev").exit());
    assertTrue(Files.readString(profile.resolve("bin/tool")).contains("echo tool ran"));

    // The profiles keep their entries (tool names the seed's shell, so the seed stays too), the last
    // kiln build or run keeps its plan: what an earlier build made for no profile goes.
    assertEquals(0, kiln("build", "-f", recipe.toString(), "unused").exit());
    assertEquals(0, kiln("build", "-f", recipe.toString(), "final/tool").exit());
    Kiln.Result dry = kiln("gc", "--dry-run");
    assertEquals(0, dry.exit(), dry.toString());
    assertTrue(dry.out().matches("would remove unused-1-[0-9a-f]{32} \\(0 B\\)\n"), dry.out());
    Kiln.Result gc = kiln("gc");
    assertEquals(dry.out().replace("would remove", "removed"), gc.out());
    assertTrue(gc.err().matches("(?s).*kiln: freed \\d+ entr(y|ies), .*"), gc.err());
    assertTrue(Files.readString(profile.resolve("bin/tool")).contains("echo tool ran"), "the profile still resolves");
    assertEquals("", kiln("gc", "--dry-run").out(), "nothing more to collect");
  }

  @Test
  void run_builds_the_recipes_images_which_gc_keeps_as_the_last_run() throws Exception {
    Path recipe = Box.write(dir, MORE.replace("env \"clash\", stage: :final, packages: %w[tool default/other]\n", ""));
    Kiln.Result run = kiln("run", recipe.toString());
    assertEquals(0, run.exit(), run.toString());
    Path tar = Path.of(run.out().lines().filter(l -> l.endsWith("image.tar")).findFirst().orElseThrow());
    assertTrue(Files.size(tar) > 0);
    Kiln.Result image = kiln("image", "-f", recipe.toString(), "rootfs");
    assertEquals(tar.toString(), image.out().strip(), "kiln image finds the same entry");
    assertEquals("", kiln("gc", "--dry-run").out(), "the last run keeps all it made");
  }
}
