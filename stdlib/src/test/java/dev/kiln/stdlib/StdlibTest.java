package dev.kiln.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.RecipeEvaluator;
import dev.kiln.model.Package;
import dev.kiln.model.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdlibTest {
  private static RecipeEvaluator ruby;
  @TempDir Path dir;

  @BeforeAll
  static void startRuby() {
    ruby = RecipeEvaluator.create(List.of("kiln/stdlib"));
  }

  private List<Step> steps(String build) throws Exception {
    Path file = Files.writeString(dir.resolve("r.rb"), "package \"p\", \"1\" do\n  build do\n" + build + "\n  end\nend\n");
    Package pkg = ruby.evaluate(file).find("p").orElseThrow();
    return pkg.buildSteps();
  }

  @Test
  void configure_and_make_record_run_steps() throws Exception {
    assertEquals(List.of(new Step.Run(List.of("./configure", "--prefix=$out", "--disable-shared")),
            new Step.Run(List.of("make", "-j$JOBS")), new Step.Run(List.of("make", "install"))),
        steps("configure \"--prefix=#{prefix}\", \"--disable-shared\"\nmake \"-j#{jobs}\"\nmake \"install\""));
  }

  @Test
  void install_into_a_directory_makes_it_first() throws Exception {
    assertEquals(List.of(new Step.Run(List.of("mkdir", "-p", "$out/bin/")),
            new Step.Run(List.of("install", "-m", "755", "busybox", "$out/bin/"))),
        steps("install \"busybox\", \"#{prefix}/bin/\""));
  }

  @Test
  void install_with_a_mode_and_a_file_name() throws Exception {
    assertEquals(List.of(new Step.Run(List.of("mkdir", "-p", "$out/share/man/man1")),
            new Step.Run(List.of("install", "-m", "644", "hello.1", "$out/share/man/man1/hello.1"))),
        steps("install \"hello.1\", \"#{prefix}/share/man/man1/hello.1\", mode: \"644\""));
  }

  @Test
  void cmake_configures_builds_and_installs_out_of_tree() throws Exception {
    List<Step> steps = steps("cmake \"-DFOO=1\"");
    assertEquals(3, steps.size());
    assertTrue(steps.get(0).render().contains("-DCMAKE_INSTALL_PREFIX=$out"), steps.get(0).render());
    assertTrue(steps.get(0).render().endsWith("-DFOO=1"), steps.get(0).render());
    assertEquals("cmake --install build", steps.get(2).render());
  }

  @Test
  void meson_sets_up_builds_with_ninja_and_installs() throws Exception {
    List<Step> steps = steps("meson");
    assertEquals("meson setup build --prefix=$out --buildtype=release", steps.get(0).render());
    assertEquals("ninja -C build -j $JOBS", steps.get(1).render());
  }
}
