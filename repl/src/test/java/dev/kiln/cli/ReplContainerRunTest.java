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

/** At kiln repl, container("x").run(...) runs at once and returns its status and output. */
class ReplContainerRunTest {
  @TempDir Path dir;

  @Test
  void container_run_at_the_prompt_returns_status_and_output() throws Exception {
    Path recipe = Box.write(dir, "");
    Path log = dir.resolve("out.log");
    Process kiln = Kiln.start(log, "repl", "--home", dir.resolve("home").toString(), recipe.toString());
    try (OutputStream in = kiln.getOutputStream()) {
      in.write("""
          r = container("box").run("sh", "-c", "echo said-$GREETING; exit 4")
          r.status
          r.output
          """.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(kiln.waitFor(180, TimeUnit.SECONDS), Files.readString(log));
    String out = Files.readString(log);
    assertEquals(0, kiln.exitValue(), out);
    assertTrue(out.contains("=> 4\n"), out);
    assertTrue(out.contains("=> \"said-hi\\n\"\n"), out);
  }
}
