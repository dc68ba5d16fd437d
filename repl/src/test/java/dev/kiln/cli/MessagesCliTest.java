package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What kiln prints when files are missing or wrong: words and paths, never a Java class name. */
class MessagesCliTest {
  @TempDir Path dir;

  private String home() {
    return dir.resolve("home").toString();
  }

  private static void assertForPeople(Kiln.Result r) {
    String said = r.out() + r.err();
    assertFalse(said.matches("(?s).*\\b[A-Z][A-Za-z]*(Exception|Error)\\b.*"), "a Java class name reached the user:\n" + r);
    assertFalse(said.contains("java."), r.toString());
    assertFalse(said.contains("\tat "), "a stack trace reached the user:\n" + r);
  }

  @Test
  void a_missing_source_file_is_named_at_its_recipe_line_once() throws Exception {
    Path file = Files.writeString(dir.resolve("recipe.rb"), "package \"a\", \"1\" do\n  source \"gone/src.tar\", sha256: \""
        + "0".repeat(64) + "\"\n  build { sh \"true\" }\nend\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(Main.USAGE, r.exit(), r.toString());
    assertForPeople(r);
    assertTrue(r.err().contains("recipe.rb:2: error: source file gone/src.tar does not exist"), r.toString());
    for (String line : r.err().lines().toList()) {
      assertTrue(line.split("gone/src.tar", -1).length <= 2, "path said twice: " + line);
    }
  }

  @Test
  void a_source_that_is_a_symlink_loop_is_refused_at_its_recipe_line() throws Exception {
    Files.createSymbolicLink(dir.resolve("src.tar"), Path.of("src.tar"));
    Path file = Files.writeString(dir.resolve("recipe.rb"), "package \"a\", \"1\" do\n  source \"src.tar\", sha256: \""
        + "0".repeat(64) + "\"\n  build { sh \"true\" }\nend\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(Main.USAGE, r.exit(), r.toString());
    assertForPeople(r);
    assertTrue(r.err().contains("recipe.rb:2: error: source file src.tar does not exist"), r.toString());
  }

  @Test
  void a_home_whose_directory_is_a_file_is_said_in_words() throws Exception {
    Files.createDirectories(dir.resolve("home"));
    Files.writeString(dir.resolve("home/tmp"), "not a directory");
    Path file = Files.writeString(dir.resolve("recipe.rb"), "package \"a\", \"1\" do\n  build { sh \"true\" }\nend\n");
    Kiln.Result r = Kiln.run("run", "--home", home(), file.toString());
    assertEquals(Main.BUILD_FAILED, r.exit(), r.toString());
    assertForPeople(r);
    assertTrue(r.err().contains("kiln: error: ") && r.err().contains(dir.resolve("home/tmp").toString()), r.toString());
  }
}
