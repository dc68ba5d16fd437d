package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL in a real pseudo-terminal: tmux runs kiln, the test types keys and reads the screen.
 * A tmux server of its own (-L), so nothing of anyone else's tmux is touched.
 */
class ReplTerminalTest {
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration STEP = Duration.ofSeconds(60);
  /** The prompt as the screen shows it once trailing spaces are dropped. */
  private static final String PROMPT = "kiln recipe.rb [default]>";

  @TempDir Path dir;
  private final String server = "kiln-test-" + ProcessHandle.current().pid();

  private static final String RECIPE = """
      package "hello", "1.0" do
        build { sh "mkdir -p #{prefix}/bin" }
      end
      package "slowpoke", "1.0" do
        build { sh "sleep 300; mkdir -p #{prefix}" }
      end
      """;

  @BeforeEach
  void startKiln() throws Exception {
    assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is not installed (apt-get install -y tmux)");
    Path recipe = Files.writeString(dir.resolve("recipe.rb"), RECIPE);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path launcher = Files.writeString(dir.resolve("kiln.sh"), String.join("\n",
        "#!/bin/sh",
        "cd " + dir,
        // Ctrl-C reaches this script too (kiln runs in its process group, not a job of its own as an
        // interactive shell would give it): it must survive to report kiln's exit status.
        "trap true INT",
        "export XDG_STATE_HOME=" + dir.resolve("state") + " INPUTRC=/dev/null TERM=xterm-256color",
        java + " -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName()
            + " repl --home " + dir.resolve("home") + " " + recipe,
        "echo \"kiln exited with $?\"",
        "sleep 600",
        ""));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    tmux("new-session", "-d", "-s", "repl", "-x", "160", "-y", "50", launcher.toString());
    waitForScreen(Pattern.quote(PROMPT) + "$", START);
  }

  @AfterEach
  void stopTmux() throws Exception {
    new ProcessBuilder("tmux", "-L", server, "kill-server").start().waitFor();
  }

  @Test
  void completion_multi_line_entry_build_ctrl_c_and_quit_at_a_real_terminal() throws Exception {
    // Tab completes a package name inside pkg(" and closes the string.
    type("pkg(\"hel");
    keys("Tab");
    waitForScreen(Pattern.quote(PROMPT + " pkg(\"hello\"") + "$", STEP);
    type(")");
    keys("Enter");
    waitForScreen("=> hello 1\\.0 \\(stage default, [0-9a-f]{8}, not built\\)", STEP);

    // Enter inside an open `do` block asks for more lines; `end` finishes the entry.
    type("package \"extra\", \"1.0\" do");
    keys("Enter");
    waitForScreen("\\.+>$", STEP);
    type("depends_on \"hello\"");
    keys("Enter");
    type("build { sh \"mkdir -p #{prefix}\" }");
    keys("Enter");
    type("end");
    keys("Enter");
    waitForScreen("=> extra 1\\.0 \\(stage default, [0-9a-f]{8}, not built\\)", STEP);

    type(":build extra");
    keys("Enter");
    waitForScreen("built 2 packages in .*\n=> extra 1\\.0 \\(stage default, [0-9a-f]{8}, built\\)", STEP);

    // Ctrl-C cancels a build and leaves a usable prompt, no container and nothing half-built.
    type(":build slowpoke");
    keys("Enter");
    waitForScreen("slowpoke 1\\.0 \\([0-9a-f]{8}\\): building", STEP);
    keys("C-c");
    waitForScreen("build cancelled; the store holds only finished builds\n" + Pattern.quote(PROMPT) + "$", STEP);
    assertFalse(storeEntries().stream().anyMatch(e -> e.startsWith("slowpoke")), storeEntries().toString());
    try (Stream<Path> scratch = Files.list(dir.resolve("home/tmp"))) {
      assertEquals(0, scratch.count(), "scratch directories left behind");
    }
    assertFalse(containerRunning(), "a build container outlived the cancellation");

    type("1 + 1");
    keys("Enter");
    waitForScreen("=> 2\n" + Pattern.quote(PROMPT) + "$", STEP);
    type(":quit");
    keys("Enter");
    waitForScreen("kiln exited with 0", STEP);
    assertTrue(Files.readString(dir.resolve("state/kiln/history")).contains(":build slowpoke"), "history not saved");
  }

  @Test
  void spaces_before_closing_brackets_are_kept_as_typed() throws Exception {
    type("cmd = \"[ -d /tmp ] && echo ( a ) { b }\"");
    keys("Enter");
    waitForScreen(Pattern.quote("=> \"[ -d /tmp ] && echo ( a ) { b }\"") + "\n" + Pattern.quote(PROMPT) + "$", STEP);
    type("%q(q )");
    keys("Enter");
    waitForScreen(Pattern.quote("=> \"q \"") + "\n" + Pattern.quote(PROMPT) + "$", STEP);
  }

  private List<String> storeEntries() throws IOException {
    try (Stream<Path> entries = Files.list(dir.resolve("home/store"))) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** Whether a bwrap process of this test's kiln home is still alive. */
  private boolean containerRunning() {
    String home = dir.resolve("home").toString();
    return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.startsWith("bwrap") && c.contains(home)).orElse(false));
  }

  /** Types text literally (tmux would read "end" as the End key). */
  private void type(String text) throws Exception {
    tmux("send-keys", "-t", "repl", "-l", text);
  }

  private void keys(String... keys) throws Exception {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "repl"));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /** Waits until the screen (trailing blank lines and spaces dropped) matches {@code regex} somewhere. */
  private void waitForScreen(String regex, Duration timeout) throws Exception {
    Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
    long deadline = System.nanoTime() + timeout.toNanos();
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = screen();
      if (pattern.matcher(screen).find()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the screen never showed /" + regex + "/; it shows:\n" + screen);
  }

  private String screen() throws Exception {
    Process capture = new ProcessBuilder("tmux", "-L", server, "capture-pane", "-p", "-J", "-S", "-200", "-t", "repl")
        .redirectErrorStream(true).start();
    String text = new String(capture.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    capture.waitFor();
    return text.lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n").stripTrailing();
  }

  private void tmux(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("tmux", "-L", server));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "tmux " + argv + ": " + out);
  }
}
