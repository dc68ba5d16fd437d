package dev.kiln.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.repl.ReplCommandTable.Argument;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionTest {
  private final ReplCommandTable commands = new ReplCommandTable()
      .add("build", "PKG...", "", Argument.PACKAGES, (a, in) -> { })
      .add("shell", "PKG,...", "", Argument.PACKAGES, (a, in) -> { })
      .add("keys", "emacs|vi", "", Argument.KEY_MAPS, (a, in) -> { })
      .add("quit", "", "", Argument.NONE, (a, in) -> { });
  private final Completion completion = new Completion(() -> List.of("busybox", "bash", "musl"),
      () -> List.of("package", "pkg", "depends_on", "build"), () -> List.of("deps", "version", "with"), commands);

  private Completion.Result at(String typed) {
    return completion.complete(typed, typed.length());
  }

  private static List<String> values(Completion.Result result) {
    return result.candidates().stream().map(Completion.Candidate::value).toList();
  }

  @Test
  void a_package_name_inside_pkg_completes_and_closes_the_string() {
    Completion.Result result = at("pkg(\"bu");
    assertEquals("bu", result.word());
    assertEquals(List.of("busybox\""), values(result));
    assertEquals("busybox", result.candidates().get(0).display());
  }

  @Test
  void package_names_complete_in_any_string_argument_of_a_package_method() {
    assertEquals(List.of("musl\""), values(at("  depends_on \"m")));
    assertEquals(List.of("bash'"), values(at("build \"busybox\", 'ba")));
  }

  @Test
  void strings_given_to_other_methods_offer_nothing() {
    assertTrue(at("sh \"ma").candidates().isEmpty());
  }

  @Test
  void a_colon_at_the_start_completes_command_names() {
    assertEquals(List.of(":build"), values(at(":b")));
    assertEquals(4, at(":").candidates().size());
  }

  @Test
  void command_arguments_complete_package_names_even_after_commas() {
    assertEquals(List.of("busybox", "bash"), values(at(":build b")));
    assertEquals(List.of("musl"), values(at(":shell busybox,m")));
    assertEquals(List.of("vi"), values(at(":keys v")));
  }

  @Test
  void a_method_after_a_dot_completes_from_the_package_methods() {
    Completion.Result result = at("pkg(\"musl\").de");
    assertEquals("de", result.word());
    assertEquals(List.of("deps"), values(result));
  }

  @Test
  void a_bare_word_completes_dsl_methods() {
    assertEquals(List.of("package", "pkg"), values(at("p")));
    assertEquals(List.of("depends_on"), values(at("x = dep")));
  }

  @Test
  void completion_uses_only_the_text_before_the_cursor_on_the_current_line() {
    String buffer = "package \"x\", \"1\" do\n  depends_on \"mu\"\nend";
    int cursor = buffer.indexOf("mu") + 2;
    assertEquals(List.of("musl\""), values(completion.complete(buffer, cursor)));
  }
}
