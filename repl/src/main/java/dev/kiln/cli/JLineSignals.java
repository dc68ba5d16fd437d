package dev.kiln.cli;

import dev.kiln.sandbox.SignalTrap;
import org.jline.utils.Signals;

/** Signal handlers through JLine's wrapper of the JVM's signal API (no internal API in kiln's own code). */
final class JLineSignals implements SignalTrap {
  static final JLineSignals INSTANCE = new JLineSignals();

  private JLineSignals() {}

  @Override
  public Registration trap(String signal, Runnable action) {
    Object previous = Signals.register(signal, action);
    return () -> Signals.unregister(signal, previous);
  }
}
