package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flagship: bootstrap.rb builds a static musl + busybox system from the host's compiler, and
 * the finished system's container holds nothing of the host. Builds the real thing (minutes); the
 * store is {@code -Dkiln.bootstrap.home=DIR} when given, so CI can reuse it for the README's command.
 */
class BootstrapTest {
  private static final Path RECIPE = Path.of("..", "bootstrap.rb").toAbsolutePath().normalize();
  private static Path home;

  private static KilnProcess.Run kiln(String... args) throws Exception {
    return KilnProcess.run(RECIPE.getParent(), args);
  }

  @BeforeAll
  static void buildTheSystem() throws Exception {
    home = BootstrapHome.get();
    long start = System.nanoTime();
    KilnProcess.Run run = kiln("run", "--home", home.toString(), RECIPE.toString());
    // Kept in the surefire report: the first run's times, per package, for people to read.
    System.out.printf("bootstrap.rb, first run: %.0f s%n%s%n", (System.nanoTime() - start) / 1e9, run.output());
    assertEquals(0, run.exit(), run.output());
    KilnProcess.Run again = kiln("run", "--home", home.toString(), RECIPE.toString());
    assertTrue(again.output().contains("nothing to build"), again.output());
  }

  private static KilnProcess.Run system(String command) throws Exception {
    return kiln("shell", "--home", home.toString(), "-f", RECIPE.toString(), "system", "--", "/bin/sh", "-c", command);
  }

  @Test
  void final_busybox_is_statically_linked() throws Exception {
    KilnProcess.Run show = kiln("show", "--home", home.toString(), "-f", RECIPE.toString(), "final/busybox");
    String storePath = show.output().lines().filter(l -> l.startsWith("  store path")).findFirst().orElseThrow()
        .substring("  store path".length()).trim();
    Path busybox = Path.of(storePath, "bin", "busybox");
    Process file = new ProcessBuilder("file", "-b", busybox.toString()).start();
    String said = new String(file.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(said.contains("statically linked"), said);
  }

  @Test
  void the_system_container_holds_only_what_kiln_put_there() throws Exception {
    KilnProcess.Run ls = system("ls /; echo; ls /usr/bin | head -3; test -e /usr/lib/x86_64-linux-gnu && echo HOST-LIBS; "
        + "test -e /etc/passwd && echo HOST-ETC; busybox uname -s");
    assertEquals(0, ls.exit(), ls.output());
    List<String> lines = ls.output().lines().toList();
    List<String> root = lines.subList(0, lines.indexOf(""));
    assertEquals(List.of("bin", "dev", "kiln", "lib", "lib64", "proc", "sbin", "tmp", "usr"), root);
    assertFalse(ls.output().contains("HOST-LIBS"), ls.output());
    assertFalse(ls.output().contains("HOST-ETC"), ls.output());
    assertTrue(ls.output().contains("Linux"), ls.output());
  }

  @Test
  void the_system_container_has_no_network_but_loopback() throws Exception {
    KilnProcess.Run net = system("cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '");
    assertEquals(0, net.exit(), net.output());
    assertEquals(List.of("lo"), net.output().lines().filter(l -> !l.startsWith("kiln:")).toList());
  }

  @Test
  void a_command_in_the_system_returns_its_exit_status() throws Exception {
    assertEquals(3, system("exit 3").exit());
    KilnProcess.Run make = system("make --version");
    assertTrue(make.output().contains("GNU Make 4.3"), make.output());
  }
}
