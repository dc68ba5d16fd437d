package dev.kiln.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a {@link SandboxSpec} into a bubblewrap command line. Pure, so tests compare argv as data. */
public final class Bwrap {
  public static final String PROGRAM = "bwrap";

  private Bwrap() {}

  public static List<String> argv(SandboxSpec spec) {
    List<String> argv = new ArrayList<>();
    argv.add(PROGRAM);
    // New user, mount, pid, ipc and uts namespaces always; a network namespace (only loopback)
    // unless the container asks for the host's network. A root that is an empty tmpfs: the
    // container sees only what is mounted below.
    argv.addAll(List.of("--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"));
    if (!spec.network()) {
      argv.add("--unshare-net");
    }
    // Dies with kiln, so a killed kiln leaves no build running; a new session, so a build cannot
    // push keystrokes into the user's terminal (TIOCSTI).
    argv.addAll(List.of("--die-with-parent", "--new-session"));
    argv.addAll(List.of("--hostname", spec.hostname()));
    argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
    for (Mount mount : spec.mounts()) {
      argv.addAll(mount.bwrapArgs());
    }
    argv.add("--clearenv");
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      argv.addAll(List.of("--setenv", e.getKey(), e.getValue()));
    }
    argv.addAll(List.of("--chdir", spec.workdir()));
    argv.add("--");
    argv.addAll(spec.command());
    return argv;
  }

  /** Like {@link #argv} but without {@code --new-session}, so an interactive shell keeps its terminal. */
  public static List<String> interactiveArgv(SandboxSpec spec) {
    List<String> argv = argv(spec);
    argv.remove("--new-session");
    return argv;
  }
}
