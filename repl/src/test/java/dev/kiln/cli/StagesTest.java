package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages end to end on a small synthetic recipe: real host import, real hermetic containers. */
class StagesTest {
  private static final Pattern BUILT = Pattern.compile("\\] (\\S+) \\S+ \\(\\w+\\): built in");

  @TempDir Path dir;

  private static String recipe(String muslWord) {
    return """
        stage :seed, host: true do
          host_tools "seed", %w[sh mkdir cat ls]
        end
        stage :cross, from: :seed do
          package "musl", "1" do
            build { sh "mkdir -p #{prefix}/lib && echo WORD > #{prefix}/lib/libc.txt" }
          end
          package "busybox", "1" do
            depends_on "musl"
            build { sh "mkdir -p #{prefix}/share && cat /usr/lib/libc.txt > #{prefix}/share/said" }
          end
          package "zlib", "1" do
            build { sh "mkdir -p #{prefix} && ls / > #{prefix}/root && ls /usr/lib > #{prefix}/usr-lib" }
          end
        end
        stage :final, from: %i[cross seed] do
          package "image", "1" do
            build { sh "mkdir -p #{prefix} && cat /usr/share/said > #{prefix}/said" }
          end
        end
        """.replace("WORD", muslWord);
  }

  private Kiln.Result run(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("recipe.rb"), text);
    return Kiln.run("run", "--home", dir.resolve("home").toString(), file.toString());
  }

  private static Set<String> built(Kiln.Result r) {
    Set<String> names = new TreeSet<>();
    Matcher m = BUILT.matcher(r.err());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private Path entry(String prefix) throws Exception {
    try (var entries = Files.list(dir.resolve("home/store"))) {
      return entries.filter(e -> e.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
    }
  }

  @Test
  void one_byte_of_musls_script_rebuilds_musl_and_what_depends_on_it_and_nothing_else() throws Exception {
    Kiln.Result first = run(recipe("musl"));
    assertEquals(0, first.exit(), first.toString());
    assertEquals(Set.of("seed", "musl", "busybox", "zlib", "image"), built(first));
    assertEquals("musl\n", Files.readString(entry("image-1-").resolve("said")));

    Kiln.Result second = run(recipe("must"));
    assertEquals(0, second.exit(), second.toString());
    assertEquals(Set.of("musl", "busybox", "image"), built(second), second.err());

    Kiln.Result third = run(recipe("must"));
    assertTrue(third.err().contains("nothing to build"), third.err());

    Kiln.Result plan = Kiln.run("plan", "--home", dir.resolve("home").toString(), dir.resolve("recipe.rb").toString());
    assertEquals(0, plan.exit(), plan.toString());
    assertTrue(plan.out().contains("stage seed (sees the host)\n"), plan.out());
    assertTrue(plan.out().contains("stage final (hermetic, from cross and seed)\n"), plan.out());
    assertTrue(plan.out().matches("(?s).*  built  musl 1 +[0-9a-f]{8}.*"), plan.out());
    assertTrue(plan.out().endsWith("nothing to build\n"), plan.out());
  }

  @Test
  void a_hermetic_build_sees_its_inputs_and_nothing_of_the_host() throws Exception {
    Kiln.Result r = run(recipe("musl"));
    assertEquals(0, r.exit(), r.toString());
    Set<String> root = new TreeSet<>(Files.readAllLines(entry("zlib-1-").resolve("root")));
    assertEquals(Set.of("bin", "build", "dev", "kiln", "lib", "lib64", "proc", "sbin", "tmp", "usr"), root);
    // The seed's libraries come from the seed package, not from the host.
    assertTrue(Files.readAllLines(entry("zlib-1-").resolve("usr-lib")).contains("x86_64-linux-gnu"));
    assertFalse(Files.exists(entry("seed-host-").resolve("usr/bin/gcc")), "only the programs asked for");
  }
}
