package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kiln shell on a real terminal (tmux, a server of its own): the shell gets the terminal with job
 * control, Ctrl-C reaches the shell's job and not kiln, and the shell's exit status is kiln's.
 */
class InteractiveShellTest {
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration STEP = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final String server = "kiln-shell-test-" + ProcessHandle.current().pid();

  @AfterEach
  void stopTmux() throws Exception {
    new ProcessBuilder("tmux", "-L", server, "kill-server").start().waitFor();
  }

  @Test
  void a_terminal_gets_an_interactive_shell_with_job_control_and_ctrl_c_stops_only_its_job() throws Exception {
    assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is not installed (apt-get install -y tmux)");
    // bash, not dash: on leaving, a shell hands the terminal back to the group it started in, which
    // lives outside the container's pid namespace; bash and busybox ash ignore that failing, dash
    // exits with status 2 instead of the one it was given.
    Path recipe = Files.writeString(Box.write(dir, ""), Box.RECIPE.replace("%w[sh ", "%w[bash sh "));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path launcher = Files.writeString(dir.resolve("kiln.sh"), String.join("\n",
        "#!/bin/sh",
        "cd " + dir,
        "trap true INT",
        "export TERM=xterm-256color",
        java + " -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName()
            + " shell --home " + dir.resolve("home") + " -f " + recipe + " box -- bash --norc -i",
        "echo \"kiln exited with $?\"",
        "sleep 600",
        ""));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    tmux("new-session", "-d", "-s", "sh", "-x", "120", "-y", "40", launcher.toString());
    waitForScreen("[#$]$", START);

    // Job control: a background job is listed, brought to the foreground, and Ctrl-C stops it alone.
    type("sleep 300 &\n");
    type("jobs\n");
    waitForScreen("\\[1\\] ?\\+ +Running +sleep 300", STEP);
    type("fg\n");
    waitForScreen("^sleep 300$", STEP);
    keys("C-c");
    type("echo alive-$?\n");
    waitForScreen("^alive-130$", STEP);
    assertFalse(screen().contains("kiln exited"), "Ctrl-C ended kiln:\n" + screen());

    type("exit 5\n");
    waitForScreen("^kiln exited with 5$", STEP);
    assertFalse(ContainerShellTest.containerOf(dir.resolve("home").toString()), "a container outlived kiln");
  }

  private void type(String text) throws Exception {
    for (String part : text.split("(?<=\n)")) {
      boolean enter = part.endsWith("\n");
      String literal = enter ? part.substring(0, part.length() - 1) : part;
      if (!literal.isEmpty()) {
        tmux("send-keys", "-t", "sh", "-l", literal);
      }
      if (enter) {
        keys("Enter");
      }
    }
  }

  private void keys(String... keys) throws Exception {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "sh"));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

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
    Process capture = new ProcessBuilder("tmux", "-L", server, "capture-pane", "-p", "-J", "-S", "-200", "-t", "sh")
        .redirectErrorStream(true).start();
    String text = new String(capture.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    capture.waitFor();
    return text.lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n").stripTrailing();
  }

  private void tmux(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("tmux", "-L", server));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "tmux " + argv + ": " + out);
  }
}
