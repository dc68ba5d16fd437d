package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, as a new user runs it: examples/hello builds and runs. */
class HelloExampleTest {
  private static final Path RECIPE = Path.of("hello/recipe.rb").toAbsolutePath();

  @TempDir Path home;

  private static String kiln(String... args) throws Exception {
    return KilnProcess.ok(args);
  }

  @Test
  void hello_builds_in_a_container_and_runs_from_its_store_prefix() throws Exception {
    String first = kiln("run", "--home", home.toString(), RECIPE.toString());
    assertTrue(first.contains("built 1 package"), first);
    Path hello;
    try (var entries = Files.list(home.resolve("store"))) {
      hello = entries.filter(e -> e.getFileName().toString().startsWith("hello-1.0-")).findFirst().orElseThrow();
    }
    Process run = new ProcessBuilder(hello.resolve("bin/hello").toString(), "reader").start();
    assertEquals("Hello, reader! (built by kiln)\n", new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(0, run.waitFor());

    String second = kiln("run", "--home", home.toString(), RECIPE.toString());
    assertTrue(second.contains("nothing to build: 1 package up to date"), second);

    String inContainer = kiln("shell", "--home", home.toString(), "--with", "hello", "--", "hello", "container");
    assertTrue(inContainer.contains("Hello, container! (built by kiln)"), inContainer);
  }
}
