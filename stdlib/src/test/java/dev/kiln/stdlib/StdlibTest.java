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
    return pkg.steps("build");
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

  private Package pkg(String body) throws Exception {
    Path file = Files.writeString(dir.resolve("r.rb"), "package \"p\", \"1\" do\n" + body + "\nend\n");
    return ruby.evaluate(file).find("p").orElseThrow();
  }

  private static List<String> rendered(List<Step> steps) {
    return steps.stream().map(Step::render).toList();
  }

  @Test
  void gnu_build_system_fills_the_standard_phases_in_order() throws Exception {
    Package p = pkg("build_system :gnu, configure_flags: %w[--disable-nls]");
    assertEquals(List.of("unpack", "patch", "configure", "build", "check", "install", "fixup"),
        p.phases().stream().map(dev.kiln.model.Phase::name).toList());
    assertEquals(List.of("./configure --prefix=$out --disable-nls"), rendered(p.steps("configure")));
    assertEquals(List.of("make -j$JOBS check"), rendered(p.steps("check")));
    assertEquals(List.of("make install"), rendered(p.steps("install")));
  }

  @Test
  void phases_are_replaced_skipped_and_added_before_and_after_by_name() throws Exception {
    Package p = pkg("""
        build_system :gnu
        skip :check
        before(:configure) { sh "autoreconf -fi" }
        after(:install, "strip-docs") { sh "rm -rf #{prefix}/share/doc" }
        phase(:build) { make "all" }""");
    assertEquals(List.of("unpack", "patch", "pre-configure", "configure", "build", "install", "strip-docs", "fixup"),
        p.phases().stream().map(dev.kiln.model.Phase::name).toList());
    assertEquals(List.of("make all"), rendered(p.steps("build")));
    String script = p.script();
    assertTrue(script.contains("# phase pre-configure\necho '==> pre-configure: autoreconf -fi'\nautoreconf -fi\n"), script);
  }

  @Test
  void editing_a_phase_that_does_not_exist_names_the_line_and_the_phases() throws Exception {
    Path file = Files.writeString(dir.resolve("r.rb"), "package \"p\", \"1\" do\n  build_system :make\n  skip :configur\nend\n");
    dev.kiln.model.RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.kiln.model.RecipeException.class, () -> ruby.evaluate(file));
    assertTrue(e.getMessage().contains("r.rb:3"), e.getMessage());
    assertTrue(e.getMessage().contains("no phase \"configur\" to skip"), e.getMessage());
  }

  @Test
  void make_build_system_installs_with_a_prefix_variable() throws Exception {
    Package p = pkg("build_system :make, make_flags: [\"CC=cc\"], prefix_variable: \"DESTDIR\"");
    assertEquals(List.of("make CC=cc DESTDIR=$out install"), rendered(p.steps("install")));
    assertTrue(p.steps("configure").isEmpty());
  }

  @Test
  void cmake_configures_builds_and_installs_out_of_tree() throws Exception {
    Package p = pkg("build_system :cmake, cmake_flags: [\"-DFOO=1\"]");
    assertEquals(List.of("cmake -S . -B build -DCMAKE_INSTALL_PREFIX=$out -DCMAKE_BUILD_TYPE=Release -DFOO=1"),
        rendered(p.steps("configure")));
    assertEquals(List.of("cmake --install build"), rendered(p.steps("install")));
  }

  @Test
  void meson_sets_up_builds_with_ninja_and_installs() throws Exception {
    Package p = pkg("build_system :meson");
    assertEquals(List.of("meson setup build --prefix=$out --buildtype=release"), rendered(p.steps("configure")));
    assertEquals(List.of("ninja -C build -j $JOBS"), rendered(p.steps("build")));
  }

  @Test
  void unknown_build_systems_and_arguments_are_refused_with_what_exists() throws Exception {
    Path file = Files.writeString(dir.resolve("r.rb"), "package \"p\", \"1\" do\n  build_system :gnu, cofigure_flags: []\nend\n");
    dev.kiln.model.RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.kiln.model.RecipeException.class, () -> ruby.evaluate(file));
    assertTrue(e.getMessage().contains("r.rb:2"), e.getMessage());
    assertTrue(e.toString().contains("configure_flags:"), e.toString() + " / " + e.hint());
  }

  @Test
  void stage_defaults_come_before_a_packages_own_arguments_and_env() throws Exception {
    Path file = Files.writeString(dir.resolve("r.rb"), """
        stage :s do
          defaults env: { "CC" => "cc" }, gnu: { configure_flags: %w[--disable-shared] }
          package "p", "1" do
            build_system :gnu, configure_flags: %w[--disable-nls]
          end
          package "q", "1" do
            build { sh "true" }
          end
        end
        """);
    dev.kiln.model.Recipe recipe = ruby.evaluate(file);
    Package p = recipe.find("p").orElseThrow();
    assertEquals(List.of("./configure --prefix=$out --disable-shared --disable-nls"), rendered(p.steps("configure")));
    assertEquals("cc", p.env().get("CC"));
    Package q = recipe.find("q").orElseThrow();
    assertTrue(q.steps("configure").isEmpty(), "defaults pick no build system");
  }

  @Test
  void input_names_a_dependency_and_renders_as_its_variable() throws Exception {
    Path file = Files.writeString(dir.resolve("r.rb"), """
        package "zlib", "1" do
          build { sh "true" }
        end
        package "p", "1" do
          depends_on "zlib >= 1"
          build_system :gnu, configure_flags: ["--with-zlib=#{input("zlib")}"]
        end
        package "q", "1" do
          build { sh "ls #{input("xz")}" }
        end
        """);
    dev.kiln.model.RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.kiln.model.RecipeException.class, () -> ruby.evaluate(file));
    assertTrue(e.getMessage().contains("r.rb:9"), e.getMessage());
    assertTrue(e.getMessage().contains("input(\"xz\") names no dependency of q"), e.getMessage());
    Files.writeString(file, Files.readString(file).replace("#{input(\"xz\")}", "."));
    Package p = ruby.evaluate(file).find("p").orElseThrow();
    assertEquals(List.of("./configure --prefix=$out --with-zlib=${input_zlib}"), rendered(p.steps("configure")));
    assertEquals("input_zlib", dev.kiln.build.SearchPaths.inputVariable("zlib"));
    assertEquals("input_xz_utils", dev.kiln.build.SearchPaths.inputVariable("xz-utils"));
  }

  @Test
  void build_system_arguments_and_helpers_of_the_wrong_type_are_refused_at_their_line() throws Exception {
    String[][] cases = {
        {"  build_system :gnu, configure_flags: 3", "build system :gnu configure_flags: wants a string or an array of strings, got 3 (Integer)"},
        {"  build_system :cmake, build_type: :Debug", "build system :cmake build_type: wants a string, got :Debug (Symbol)"},
        {"  build { make \"-j\", 4 }", "make wants a string, got 4 (Integer)"},
        {"  build { install \"tool\", \"$out/bin/\", mode: 7.5 }", "install mode: wants a string, got 7.5 (Float)"},
    };
    for (String[] c : cases) {
      Path file = Files.writeString(dir.resolve("r.rb"), "package \"p\", \"1\" do\n" + c[0] + "\nend\n");
      dev.kiln.model.RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(
          dev.kiln.model.RecipeException.class, () -> ruby.evaluate(file));
      assertEquals(c[1], e.problem(), c[0]);
      assertEquals(2, e.location().line(), c[0]);
    }
    Path defaults = Files.writeString(dir.resolve("r.rb"), "stage :s do\n  defaults gnu: { make_flags: 1 }\nend\n");
    dev.kiln.model.RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.kiln.model.RecipeException.class, () -> ruby.evaluate(defaults));
    assertEquals("build system :gnu make_flags: wants a string or an array of strings, got 1 (Integer)", e.problem());
    assertEquals(2, e.location().line());
  }

  @Test
  void an_install_mode_given_as_an_octal_number_is_its_octal_digits() throws Exception {
    assertEquals(new Step.Run(List.of("install", "-m", "644", "hello.1", "$out/man/")),
        steps("install \"hello.1\", \"#{prefix}/man/\", mode: 0o644").get(1));
  }
}
