package dev.kiln.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeSessionTest {
  private static RecipeEvaluator evaluator;
  private final List<String> commands = new ArrayList<>();
  private RecipeSession session;
  @TempDir Path dir;

  @BeforeAll
  static void startRuby() {
    evaluator = RecipeEvaluator.create(List.of());
  }

  @BeforeEach
  void open() throws Exception {
    session = RecipeSession.start(evaluator);
    session.routeCommandsTo((command, args) -> commands.add(command + " " + String.join(" ", args)));
    session.load(Files.writeString(dir.resolve("recipe.rb"), """
        package "tool", "2.0" do
          build { sh "true" }
        end
        package "app", "1.0" do
          depends_on "tool"
        end
        """));
  }

  @Test
  void prompt_entries_see_the_recipe_file_packages() {
    Outcome deps = session.eval("pkg(\"app\").deps");
    assertEquals(new Outcome.Text("[\"tool\"]"), deps);
  }

  @Test
  void a_package_value_comes_back_as_the_model() {
    Outcome.Packages found = assertInstanceOf(Outcome.Packages.class, session.eval("pkg \"tool\""));
    assertEquals("tool 2.0", found.packages().get(0).displayName());
  }

  @Test
  void a_package_defined_at_the_prompt_joins_the_recipe() {
    session.eval("package \"extra\", \"0.1\" do\n  depends_on \"app\"\nend");
    assertEquals(List.of("tool", "app", "extra"), List.copyOf(session.recipe().packageNames()));
  }

  @Test
  void local_variables_survive_from_one_entry_to_the_next() {
    session.eval("v = pkg(\"tool\").with(version: \"3.0\")");
    assertEquals(new Outcome.Text("\"3.0\""), session.eval("v.version"));
  }

  @Test
  void an_error_at_the_prompt_is_one_failure_and_the_session_goes_on() {
    Outcome.Failure failure = assertInstanceOf(Outcome.Failure.class, session.eval("pkg \"ap\""));
    assertEquals("no package named \"ap\"", failure.error().problem());
    assertEquals("did you mean \"app\"?", failure.error().hint().orElseThrow());
    assertEquals(new Outcome.Text("2"), session.eval("1 + 1"));
  }

  @Test
  void an_invalid_package_defined_at_the_prompt_is_forgotten() {
    Outcome bad = session.eval("package \"bad\", \"1\" do\n  source \"https://x/y.tar.gz\"\nend");
    assertInstanceOf(Outcome.Failure.class, bad);
    assertEquals(new Outcome.Nothing(), session.eval("nil"));
    assertEquals(List.of("tool", "app"), List.copyOf(session.recipe().packageNames()));
  }

  @Test
  void a_package_defined_again_at_the_prompt_replaces_the_recipe_files() {
    Outcome redefined = session.eval("package \"tool\", \"2.0\" do\n  build { sh \"echo again\" }\nend");
    assertInstanceOf(Outcome.Packages.class, redefined);
    assertEquals(List.of("tool", "app"), List.copyOf(session.recipe().packageNames()));
    assertEquals(1, session.recipe().packages().stream().filter(p -> p.name().equals("tool")).count());
    assertEquals(List.of(new Step.Sh("echo again")), session.recipe().find("tool").orElseThrow().steps("build"));
  }

  @Test
  void an_invalid_redefinition_at_the_prompt_brings_back_the_one_it_replaced() throws Exception {
    Outcome bad = session.eval("package \"tool\", \"2.0\" do\n  source \"https://x/y.tar.gz\"\nend");
    assertInstanceOf(Outcome.Failure.class, bad);
    Recipe now = session.refreshed();
    assertEquals(List.of(new Step.Sh("true")), now.find("tool").orElseThrow().steps("build"));
    assertEquals(List.of("tool", "app"), List.copyOf(now.packageNames()));
  }

  @Test
  void reloading_the_same_file_is_no_duplicate() throws Exception {
    Recipe again = session.load(dir.resolve("recipe.rb"));
    assertEquals(List.of("tool", "app"), List.copyOf(again.packageNames()));
    assertEquals(2, again.packages().size());
  }

  @Test
  void commands_are_ruby_methods_handed_to_java() {
    assertEquals(new Outcome.Nothing(), session.eval("build \"app\", \"tool\""));
    session.eval("why :app");
    assertEquals(List.of("build app tool", "why app"), commands);
  }

  @Test
  void exit_quits() {
    assertEquals(new Outcome.Quit(), session.eval("exit"));
  }

  @Test
  void a_build_request_at_the_prompt_is_handed_out_once() {
    session.eval("pkg(\"tool\").with(version: \"2.1\").build");
    assertEquals("tool 2.1", session.takeRequests().get(0).displayName());
    assertTrue(session.takeRequests().isEmpty());
  }

  @Test
  void a_failed_load_keeps_the_recipe_it_had_and_remembers_the_file() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.rb"), "package \"x\", \"1\" do\n  nonsense\nend\n");
    RecipeException e = assertThrows(RecipeException.class, () -> session.load(broken));
    assertEquals(2, e.location().line());
    Recipe kept = session.recipe();
    assertEquals(List.of("tool", "app"), List.copyOf(kept.packageNames()));
    assertEquals(broken.toAbsolutePath(), session.file().orElseThrow());
  }

  @Test
  void the_parser_says_when_an_entry_is_unfinished() {
    for (String open : List.of("package \"x\", \"1\" do", "foo(1,", "[1, 2", "\"abc", "x = <<EOS\nabc", "def f", "1 +")) {
      assertTrue(session.isIncomplete(open), open);
    }
    for (String done : List.of("x = 1", "pkg(\"app\").deps", "package \"x\", \"1\" do\nend", "foo)", "end")) {
      assertFalse(session.isIncomplete(done), done);
    }
  }

  @Test
  void completion_lists_come_from_the_dsl() {
    assertTrue(session.dslMethods().containsAll(List.of("package", "pkg", "depends_on", "build", "sh")), session.dslMethods().toString());
    assertTrue(session.packageMethods().containsAll(List.of("deps", "with", "version")), session.packageMethods().toString());
  }
}
