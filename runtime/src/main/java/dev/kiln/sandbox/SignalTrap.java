package dev.kiln.sandbox;

/**
 * Catches signals kiln receives (by name: INT, TERM, HUP). The command line provides it; the
 * runtime only says what to do with them.
 */
@FunctionalInterface
public interface SignalTrap {
  /** Leaves signals to the JVM's defaults. */
  SignalTrap NONE = (signal, action) -> () -> { };

  /** Runs {@code action} on each delivery of {@code signal} until the registration is closed. */
  Registration trap(String signal, Runnable action);

  /** Closing restores the handler the signal had before. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
