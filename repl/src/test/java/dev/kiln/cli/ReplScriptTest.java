package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln repl FILE < script}: no terminal, a real pipe, real builds. */
class ReplScriptTest {
  @TempDir Path dir;

  private static final String RECIPE = """
      package "tool", "2.0" do
        env "FLAGS", "-O1"
        build { sh "mkdir -p #{prefix}/bin" }
      end
      package "app", "1.0" do
        depends_on "tool"
        build { sh "mkdir -p #{prefix}" }
      end
      """;

  private static final String SCRIPT = """
      pkg("app").deps
      pkg("tool").path
      package "extra", "0.1" do
        depends_on "app"
        build { sh "mkdir -p #{prefix}" }
      end
      pkg "ap"
      build "extra"
      :plan
      :deps extra
      :rdeps tool
      :reload
      :why tool
      :why app
      1 +
        41
      :quit
      this line is never read
      """;

  @Test
  void a_piped_script_evaluates_ruby_and_commands_in_one_session() throws Exception {
    Path recipe = Files.writeString(dir.resolve("recipe.rb"), RECIPE);
    Path log = dir.resolve("out.log");
    Process kiln = Kiln.start(log, "repl", "--home", dir.resolve("home").toString(), recipe.toString());
    try (OutputStream in = kiln.getOutputStream()) {
      // The recipe changes before :reload is read: kiln reads the pipe one entry at a time.
      String script = SCRIPT;
      in.write(script.substring(0, script.indexOf(":reload")).getBytes(StandardCharsets.UTF_8));
      in.flush();
      waitFor(log, "extra 0.1 (stage default");
      Files.writeString(recipe, RECIPE.replace("-O1", "-O2"));
      in.write(script.substring(script.indexOf(":reload")).getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(kiln.waitFor(120, TimeUnit.SECONDS), "kiln repl did not end");
    String out = Files.readString(log);
    assertEquals(0, kiln.exitValue(), out);
    assertTrue(out.contains("loaded " + recipe + ": 2 packages"), out);
    assertTrue(out.contains("=> [\"tool\"]"), out);
    assertTrue(out.matches("(?s).*=> \"" + dir.resolve("home/store/tool-2.0-") + "[0-9a-f]{32}\".*"), out);
    assertTrue(out.contains("error: no package named \"ap\" (did you mean \"app\"?)"), out);
    assertTrue(out.contains("built 3 packages"), out);
    assertTrue(out.matches("(?s).*=> extra 0\\.1 \\(stage default, [0-9a-f]{8}, built\\).*"), out);
    assertTrue(out.contains("nothing to build"), out);
    assertTrue(out.matches("(?s).*`-- app 1\\.0 .*\n    `-- tool 2\\.0 .*"), out);
    assertTrue(out.matches("(?s).*extra 0\\.1 \\(stage default, [0-9a-f]{8}, built\\)  \\(through others\\).*"), out);
    assertTrue(out.matches("(?s).*  tool 2\\.0: [0-9a-f]{8} -> [0-9a-f]{8}\n.*"), out);
    assertTrue(out.contains("since tool-2.0-"), out);
    assertTrue(out.contains(": env FLAGS changed: \"-O1\" -> \"-O2\""), out);
    assertTrue(out.matches("(?s).*: input tool changed: tool-2\\.0-[0-9a-f]{8} -> tool-2\\.0-[0-9a-f]{8}  \\(:why tool\\).*"), out);
    assertTrue(out.contains("=> 42"), out);
  }

  private static void waitFor(Path log, String text) throws Exception {
    for (int i = 0; i < 1200 && !Files.readString(log).contains(text); i++) {
      Thread.sleep(100);
    }
  }
}
