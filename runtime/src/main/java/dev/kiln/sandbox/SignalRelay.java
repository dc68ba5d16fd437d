package dev.kiln.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * While a container runs attached to kiln, the signals kiln receives go to the container's command
 * instead of ending kiln (which would kill the container through --die-with-parent, without the
 * command seeing the signal it was sent). Ctrl-C at a terminal the container owns reaches the shell
 * from the terminal itself, so then kiln just ignores SIGINT. Close to restore kiln's handlers.
 */
public final class SignalRelay implements AutoCloseable {
  private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

  private final List<SignalTrap.Registration> registrations = new ArrayList<>();

  private SignalRelay() {}

  /** Relays signals to {@code bwrap}'s command; with {@code terminalOwnsInt}, SIGINT is only ignored. */
  public static SignalRelay start(SignalTrap trap, Process bwrap, boolean terminalOwnsInt) {
    SignalRelay relay = new SignalRelay();
    for (String name : FORWARDED) {
      boolean ignore = terminalOwnsInt && name.equals("INT");
      // A handler, not SIG_IGN: an ignored signal would stay ignored in processes kiln starts later.
      relay.registrations.add(trap.trap(name, () -> {
        if (!ignore) {
          forward(bwrap, name);
        }
      }));
    }
    return relay;
  }

  @Override
  public void close() {
    registrations.forEach(SignalTrap.Registration::close);
  }

  /** Sends the signal to the processes bwrap started for the command (below its own one or two processes). */
  private static void forward(Process bwrap, String signal) {
    List<ProcessHandle> targets = commandProcesses(bwrap.toHandle());
    if (targets.isEmpty()) {
      bwrap.destroy();
      return;
    }
    List<String> argv = new ArrayList<>(List.of("kill", "-s", signal));
    targets.forEach(p -> argv.add(Long.toString(p.pid())));
    try {
      new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      // No kill(1) on PATH: end the container instead of leaving the signal unanswered.
      bwrap.destroy();
    }
  }

  /** The children of the innermost bwrap process: with a pid namespace bwrap forks an init below itself. */
  static List<ProcessHandle> commandProcesses(ProcessHandle bwrap) {
    ProcessHandle current = bwrap;
    while (true) {
      List<ProcessHandle> children = current.children().toList();
      Optional<ProcessHandle> inner = children.size() == 1 && isBwrap(children.get(0)) ? Optional.of(children.get(0))
          : Optional.empty();
      if (inner.isEmpty()) {
        return children;
      }
      current = inner.get();
    }
  }

  private static boolean isBwrap(ProcessHandle p) {
    return p.info().command().map(c -> c.endsWith("/" + Bwrap.PROGRAM)).orElse(false);
  }
}
