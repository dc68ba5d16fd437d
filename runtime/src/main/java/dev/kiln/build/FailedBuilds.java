package dev.kiln.build;

import dev.kiln.model.ShellQuote;
import dev.kiln.model.Stage;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.Mount;
import dev.kiln.sandbox.SandboxSpec;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The scratch directory of each entry's last failed build, kept under {@code failed/} so that
 * {@code kiln debug} can reopen it: the sources as the failing step left them, the half-written
 * output, and a {@code debug/} directory holding the failing step's command as shell history.
 * A later successful build of the entry removes it.
 */
public final class FailedBuilds {
  /** Where the debug directory is mounted in the container. */
  public static final String DEBUG_DIR = "/kiln/debug";

  private FailedBuilds() {}

  public static Path dirOf(Store store, String storeName) {
    return store.home().resolve("failed").resolve(storeName);
  }

  /** Moves a failed build's scratch directory to {@code failed/}, replacing an older one. */
  static void keep(Store store, BuildDirs dirs, BuildFailedException failure) throws IOException {
    Path debug = Files.createDirectories(dirs.root().resolve("debug"));
    Files.writeString(debug.resolve("source-root"), dirs.sourceRoot() + "\n", StandardCharsets.UTF_8);
    String script = Files.readString(dirs.script(), StandardCharsets.UTF_8);
    String command = failure.step()
        .map(step -> commandOf(script, failure.phase().map(phase -> phase + ": " + step).orElse(step), step))
        .orElse("sh -eu " + Containers.SCRIPT);
    Files.writeString(debug.resolve("history"), command + "\n", StandardCharsets.UTF_8);
    Files.writeString(debug.resolve("rc"), rc(failure), StandardCharsets.UTF_8);
    Path kept = dirOf(store, failure.pkg().storeName());
    store.trash().discard(kept);
    Files.createDirectories(kept.getParent());
    Files.move(dirs.root(), kept, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the kept failure of an entry that has now been built. */
  static void forget(Store store, String storeName) throws IOException {
    store.trash().discard(dirOf(store, storeName));
  }

  /**
   * The rendered command of the step whose announcement ({@code echo '==> STEP'}) the log shows
   * last: the script's lines after that announcement, up to the next one.
   */
  static String commandOf(String script, String announced, String step) {
    String mark = "echo " + ShellQuote.quote(Logs.STEP_MARK + announced);
    List<String> lines = script.lines().toList();
    int at = lines.lastIndexOf(mark);
    if (at < 0) {
      return step;
    }
    List<String> command = new ArrayList<>();
    for (String line : lines.subList(at + 1, lines.size())) {
      if (line.startsWith("echo '" + Logs.STEP_MARK)) { // how ShellQuote quotes every announcement
        break;
      }
      command.add(line);
    }
    while (!command.isEmpty() && (command.get(command.size() - 1).isBlank() || command.get(command.size() - 1).startsWith("# "))) {
      command.remove(command.size() - 1); // the blank line and comment that open the next section
    }
    return String.join("\n", command);
  }

  private static String rc(BuildFailedException failure) {
    return "# read by the debug shell (ENV for sh, --rcfile for bash)\n"
        + "echo " + ShellQuote.quote("kiln debug: " + failure.pkg().pkg().displayName() + failure.refusal()
            .map(r -> "'s output was refused: $out/" + r)
            .orElse(" failed with exit status " + failure.exitCode() + failure.phase().map(p -> " in phase " + p).orElse("")
                + failure.step().map(s -> ", step: " + s).orElse("")))
        + "\n"
        + "echo 'kiln debug: that command is in the shell history (Up arrow); the whole script is "
        + Containers.SCRIPT + ", $out is the half-written output'\n"
        + "set +e\n";
  }

  /**
   * The failed build's container again, around {@code command}: the same mounts, environment and
   * working directory as the build had, plus the debug directory (history and shell start-up file).
   */
  public static SandboxSpec debugContainer(Store store, Plan plan, PlannedPackage pkg, Stage stage, List<String> command,
      int jobs) throws IOException {
    Path kept = dirOf(store, pkg.storeName());
    String sourceRoot;
    try {
      sourceRoot = Files.readString(kept.resolve("debug/source-root"), StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      throw new IOException("no failed build of " + pkg.pkg().displayName() + " is kept (" + kept
          + " is missing): kiln keeps the last failed build of each package until it builds", e);
    }
    BuildDirs dirs = new BuildDirs(kept, sourceRoot);
    store.trash().discard(dirs.view().getParent()); // derived from the inputs: made again below
    SandboxSpec build = Containers.build(store, plan, pkg, stage, dirs, jobs);
    List<Mount> mounts = new ArrayList<>(build.mounts());
    mounts.add(new Mount.Writable(kept.resolve("debug"), DEBUG_DIR));
    TreeMap<String, String> env = new TreeMap<>(build.env());
    env.put("ENV", DEBUG_DIR + "/rc");
    env.put("HISTFILE", DEBUG_DIR + "/history");
    return new SandboxSpec(mounts, env, build.workdir(), build.network(), build.hostname(), command);
  }

  /**
   * An interactive shell that starts with the debug rc: bash where the container has it, else sh.
   * Without job control (+m): in its own pid namespace a shell could take the terminal and not give it back.
   * bash takes its long options (--rcfile) only before the short ones.
   */
  public static List<String> interactiveShell() {
    return List.of("/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash --rcfile " + DEBUG_DIR
        + "/rc +m -i; else exec sh +m -i; fi");
  }
}
