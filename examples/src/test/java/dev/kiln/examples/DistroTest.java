package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.host.Elf;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A representative part of distro.rb on top of the bootstrap: one package per build system the
 * musl stage can run (zlib's own configure in place of :gnu's, bzip2 with :make, xz with :gnu and
 * libtool, pkgconf finding its input through PKG_CONFIG_PATH), each with its check phase. The whole
 * of distro.rb takes longer than CI allows; bench/distro builds it.
 */
class DistroTest {
  private static final Path RECIPE = Path.of("..", "distro.rb").toAbsolutePath().normalize();
  private static final List<String> PART = List.of("cc-static", "zlib", "bzip2", "xz", "pkgconf");
  private static Path home;
  private static List<Path> outputs;

  private static KilnProcess.Run kiln(String... args) throws Exception {
    return KilnProcess.run(RECIPE.getParent(), args);
  }

  @BeforeAll
  static void buildPartOfTheDistro() throws Exception {
    home = BootstrapHome.get();
    List<String> args = new ArrayList<>(List.of("run", "--home", home.toString(), RECIPE.toString()));
    args.addAll(PART);
    KilnProcess.Run run = kiln(args.toArray(String[]::new));
    System.out.println("distro.rb, " + String.join(" ", PART) + ":\n" + run.output());
    assertEquals(0, run.exit(), run.output());
    outputs = run.output().lines().filter(l -> l.startsWith(home.resolve("store").toString())).map(Path::of).toList();
    KilnProcess.Run again = kiln(args.toArray(String[]::new));
    assertTrue(again.output().contains("nothing to build"), again.output());
  }

  @Test
  void every_elf_program_the_distro_built_is_statically_linked() throws Exception {
    List<String> programs = new ArrayList<>();
    for (Path entry : outputs) {
      if (!entry.getFileName().toString().startsWith("cc-static-")) {
        try (Stream<Path> files = Files.walk(entry)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
              Elf.read(file).filter(Elf::loadable).ifPresent(elf -> {
                programs.add(entry.relativize(file).toString());
                assertTrue(elf.isStatic(), file + " loads " + elf.interpreter().orElse("?") + ", needs " + elf.needed());
              });
            }
          }
        }
      }
    }
    for (String expected : List.of("bin/xz", "bin/bzip2", "bin/pkgconf")) {
      assertTrue(programs.contains(expected), "read " + programs);
    }
  }

  @Test
  void each_package_ran_its_check_phase() throws Exception {
    for (String name : PART) {
      Path log;
      try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
        log = logs.filter(l -> l.getFileName().toString().startsWith(name + "-")).findFirst().orElseThrow();
      }
      String text = Files.readString(log);
      assertTrue(text.contains("==> check: "), name + ": " + text);
    }
  }
}
