package dev.kiln.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation cache reuses an evaluation only while everything it read is unchanged. */
class EvaluationCacheTest {
  private static RecipeEvaluator ruby;
  @TempDir Path dir;

  @BeforeAll
  static void startRuby() {
    ruby = RecipeEvaluator.create(List.of());
  }

  private EvaluationCache cache() {
    return EvaluationCache.in(dir.resolve("cache"), List.of());
  }

  /** Writes a file dated an hour ago: the cache keeps nothing read from files changed just now. */
  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    age(file);
    return file;
  }

  private static void age(Path file) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
  }

  private Path recipe(String text) throws Exception {
    return write("recipe.rb", text);
  }

  private Optional<Recipe> evaluateThenLookUp(Path recipe) throws Exception {
    ruby.evaluate(recipe, cache());
    return cache().lookup(recipe);
  }

  @Test
  void an_unchanged_recipe_is_read_back_without_evaluating_it() throws Exception {
    Path file = recipe("""
        stage :base, host: true do
          package "hello", "2.12" do
            source "https://example.org/hello-2.12.tar.gz", sha256: "%s"
            depends_on "musl >= 1.2"
            env "CFLAGS", "-O2"
            build do
              run "./configure", "--prefix=#{prefix}"
              sh "make -j#{jobs} && make install"
            end
          end
          package "musl", "1.2.3" do
            build { sh "true" }
          end
        end
        container "box", stage: :base, packages: %%w[hello] do
          tmpfs "/scratch"
          limits pids: 64
        end
        """.formatted("a".repeat(64)));
    Recipe fresh = ruby.evaluate(file, cache());
    Recipe kept = cache().lookup(file).orElseThrow();
    assertEquals(fresh.packages(), kept.packages());
    assertEquals(fresh.containers(), kept.containers());
    assertEquals(fresh.stages(), kept.stages());
  }

  @Test
  void a_changed_recipe_is_evaluated_again() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\nend\n");
    assertTrue(evaluateThenLookUp(file).isPresent());
    write("recipe.rb", "package \"a\", \"2\" do\nend\n");
    assertTrue(cache().lookup(file).isEmpty());
  }

  @Test
  void an_edit_that_keeps_size_and_modification_time_is_still_seen() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\nend\n");
    FileTime mtime = Files.getLastModifiedTime(file);
    assertTrue(evaluateThenLookUp(file).isPresent());
    Files.writeString(file, "package \"a\", \"2\" do\nend\n");
    Files.setLastModifiedTime(file, mtime);
    assertTrue(cache().lookup(file).isEmpty());
  }

  @Test
  void touching_a_file_without_changing_it_keeps_the_evaluation() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\nend\n");
    assertTrue(evaluateThenLookUp(file).isPresent());
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    assertTrue(cache().lookup(file).isPresent());
  }

  @Test
  void a_changed_loaded_file_is_a_miss() throws Exception {
    write("more/b.rb", "package \"b\", \"1\" do\nend\n");
    Path file = recipe("load \"more/b.rb\"\n");
    assertTrue(evaluateThenLookUp(file).isPresent());
    write("more/b.rb", "package \"b\", \"2\" do\nend\n");
    assertTrue(cache().lookup(file).isEmpty());
  }

  @Test
  void files_read_with_plain_ruby_are_inputs_too() throws Exception {
    write("VERSION", "1.0\n");
    Path file = recipe("package \"a\", File.read(File.join(__dir__, \"VERSION\")).strip do\nend\n");
    assertEquals("1.0", evaluateThenLookUp(file).orElseThrow().find("a").orElseThrow().version());
    write("VERSION", "1.1\n");
    assertTrue(cache().lookup(file).isEmpty());
    assertEquals("1.1", ruby.evaluate(file, cache()).find("a").orElseThrow().version());
  }

  @Test
  void a_listed_directory_gaining_a_file_is_a_miss() throws Exception {
    write("patches/1.patch", "x");
    age(dir.resolve("patches"));
    Path file = recipe("""
        package "a", "1" do
          Dir[File.join(__dir__, "patches/*.patch")].sort.each { |p| patch p }
        end
        """);
    assertEquals(1, evaluateThenLookUp(file).orElseThrow().find("a").orElseThrow().patches().size());
    write("patches/2.patch", "y");
    age(dir.resolve("patches"));
    assertTrue(cache().lookup(file).isEmpty());
  }

  @Test
  void a_local_source_is_hashed_again_even_when_the_evaluation_is_kept() throws Exception {
    Path src = write("files/hello.c", "int main(void) { return 0; }\n");
    Path file = recipe("package \"a\", \"1\" do\n  source \"files/hello.c\"\nend\n");
    evaluateThenLookUp(file).orElseThrow();
    Files.writeString(src, "int main(void) { return 1; }\n");
    Recipe kept = cache().lookup(file).orElseThrow();
    assertEquals(Sha256.ofFile(src), kept.find("a").orElseThrow().sources().get(0).sha256());
  }

  @Test
  void environment_variables_read_are_checked() throws Exception {
    Path file = recipe("package \"a\", ENV.fetch(\"PATH\").empty? ? \"0\" : \"1\" do\nend\n");
    assertTrue(evaluateThenLookUp(file).isPresent());
    assertEquals("=" + System.getenv("PATH"), new RecordedInput(RecordedInput.Kind.ENV, "PATH").state());
    assertEquals("unset", new RecordedInput(RecordedInput.Kind.ENV, "KILN_SURELY_NOT_SET_ANYWHERE").state());
  }

  @Test
  void what_cannot_be_checked_again_is_never_kept() throws Exception {
    for (String opaque : List.of("v = `echo 1`.strip", "v = ENV.to_h.size.to_s", "v = Dir.glob(\"**/*\").size.to_s",
        "v = IO.popen([\"echo\", \"1\"]).read.strip", "v = system(\"true\").to_s")) {
      Path file = recipe(opaque + "\npackage \"a\", v do\nend\n");
      assertTrue(evaluateThenLookUp(file).isEmpty(), opaque);
    }
  }

  @Test
  void a_recipe_changed_just_now_is_not_kept_as_it_may_have_changed_while_read() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\nend\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    assertTrue(evaluateThenLookUp(file).isEmpty());
  }

  @Test
  void another_recipe_language_does_not_see_the_entry() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\nend\n");
    assertTrue(evaluateThenLookUp(file).isPresent());
    assertTrue(EvaluationCache.in(dir.resolve("cache"), List.of("kiln/console")).lookup(file).isEmpty());
  }

  @Test
  void a_damaged_entry_is_a_miss_not_an_error() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\nend\n");
    assertTrue(evaluateThenLookUp(file).isPresent());
    try (Stream<Path> entries = Files.list(dir.resolve("cache"))) {
      for (Path entry : entries.toList()) {
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      }
    }
    assertTrue(cache().lookup(file).isEmpty());
  }

  @Test
  void failed_evaluations_are_not_kept() throws Exception {
    Path file = recipe("package \"a\", \"1\" do\n  sorce \"x\"\nend\n");
    RecipeException e = assertThrows(RecipeException.class, () -> ruby.evaluate(file, cache()));
    assertNotEquals(0, e.location().line());
    assertTrue(cache().lookup(file).isEmpty());
  }
}
