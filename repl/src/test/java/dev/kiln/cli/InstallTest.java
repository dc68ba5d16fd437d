package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln install: constraints resolved over a published repo, packages fetched, a root generation switched. */
class InstallTest {
  @TempDir Path dir;

  private static final String RECIPE = """
      package "lib", "1.0" do
        build { sh "mkdir -p #{prefix}/bin && printf '#!/bin/sh\\\\necho lib 1\\\\n' > #{prefix}/bin/libinfo && chmod +x #{prefix}/bin/libinfo" }
      end
      package "lib", "2.0" do
        build { sh "mkdir -p #{prefix}/bin && printf '#!/bin/sh\\\\necho lib 2\\\\n' > #{prefix}/bin/libinfo && chmod +x #{prefix}/bin/libinfo" }
      end
      package "tool", "1.0" do
        depends_on "lib >= 2"
        # The tool refers to the lib it was built with: that makes lib = 2.0 a run-time dependency.
        build { sh "mkdir -p #{prefix}/bin && ln -s $(command -v libinfo) #{prefix}/bin/tool-lib" }
      end
      package "ash", "1.0" do
        provides "sh"
        conflicts "dash"
        build { sh "mkdir -p #{prefix}/bin && echo ash > #{prefix}/bin/sh" }
      end
      package "dash", "0.5" do
        build { sh "mkdir -p #{prefix}/bin && echo dash > #{prefix}/bin/dash" }
      end
      """;

  private String home(String name) {
    return dir.resolve(name).toString();
  }

  @BeforeEach
  void buildAndPublish() throws Exception {
    Path recipe = Files.writeString(dir.resolve("recipe.rb"), RECIPE);
    Kiln.Result run = Kiln.run("run", "--home", home("a"), recipe.toString());
    assertEquals(0, run.exit(), run.toString());
    Kiln.Result publish = Kiln.run("repo", "publish", "--home", home("a"), "-f", recipe.toString(), dir.resolve("repo").toString());
    assertEquals(0, publish.exit(), publish.toString());
  }

  private Kiln.Result install(String... constraints) {
    String[] args = new String[] {"install", "--home", home("b"), "--repo", dir.resolve("repo").toString(),
        "--root", dir.resolve("root").toString(), "--insecure"};
    String[] all = java.util.Arrays.copyOf(args, args.length + constraints.length);
    System.arraycopy(constraints, 0, all, args.length, constraints.length);
    return Kiln.run(all);
  }

  @Test
  void installs_the_newest_consistent_set_with_run_time_dependencies_into_a_new_generation() throws Exception {
    Kiln.Result r = install("tool");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("installed lib 2.0"), r.out());
    assertTrue(r.out().contains("installed tool 1.0"), r.out());
    Path current = dir.resolve("root/current");
    assertEquals(Path.of("generations/1"), Files.readSymbolicLink(current));
    assertTrue(Files.readSymbolicLink(current.resolve("usr/bin/tool-lib")).toString().startsWith("/kiln/store/tool-1.0-"));
    assertEquals(Path.of("usr/bin"), Files.readSymbolicLink(current.resolve("bin")));

    Kiln.Result older = install("lib < 2");
    assertEquals(0, older.exit(), older.toString());
    assertTrue(older.out().contains("installed lib 1.0"), older.out());
    assertEquals(Path.of("generations/2"), Files.readSymbolicLink(current));
  }

  @Test
  void a_virtual_name_is_satisfied_by_a_package_that_provides_it() throws Exception {
    Kiln.Result r = install("sh");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("installed ash 1.0"), r.out());
  }

  @Test
  void clashing_constraints_are_refused_with_the_chain_that_explains_why_and_nothing_installed() throws Exception {
    Kiln.Result r = install("tool", "lib < 2");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("cannot install tool lib < 2"), r.err());
    assertTrue(r.err().contains("tool 1.0") && r.err().contains("lib"), r.err());
    assertTrue(!Files.exists(dir.resolve("root/current")), "nothing was switched");

    Kiln.Result conflict = install("ash", "dash");
    assertEquals(1, conflict.exit(), conflict.toString());
  }

  @Test
  void an_unsigned_index_is_refused_unless_told_to_trust_it() {
    Kiln.Result r = Kiln.run("install", "--home", home("b"), "--repo", dir.resolve("repo").toString(),
        "--root", dir.resolve("root").toString(), "tool");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(!Files.exists(dir.resolve("root/current")));
  }
}
