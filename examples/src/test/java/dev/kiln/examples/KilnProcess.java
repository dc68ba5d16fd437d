package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The kiln command as a process of its own, on this test's class path, as the examples' users run it. */
final class KilnProcess {
  /** What a run printed (standard output and error together) and its exit status. */
  record Run(int exit, String output) {}

  private KilnProcess() {}

  /** Runs kiln in {@code dir}, waiting up to an hour (the bootstrap takes minutes). */
  static Run run(Path dir, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).directory(dir.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.MINUTES));
    return new Run(p.exitValue(), out);
  }

  /** Runs kiln and expects it to succeed; returns what it printed. */
  static String ok(String... args) throws Exception {
    Run run = run(Path.of("").toAbsolutePath(), args);
    assertEquals(0, run.exit(), run.output());
    return run.output();
  }
}
