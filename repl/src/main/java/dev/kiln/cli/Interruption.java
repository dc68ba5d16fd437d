package dev.kiln.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers SIGINT and SIGTERM during a run within a second. The JVM turns either into its exit (status
 * 128 + the signal's number); this hook first interrupts the thread running the builds, which stops
 * them (each kills its container and renames its scratch directory into the trash), and gives it a
 * moment to say what it stopped. A build busy in a step that cannot be interrupted (committing a
 * large output, say) is not waited for: kiln exits, its container dies with it (bwrap
 * --die-with-parent), nothing half-made is in the store, and the next kiln sweeps its scratch.
 */
final class Interruption implements AutoCloseable {
  /** Long enough for running builds to kill their containers and report; short enough to feel instant. */
  private static final long GRACE_MILLIS = 500;

  private final Thread hook;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Interruption(Thread runner, Runnable summary) {
    this.hook = new Thread(() -> {
      runner.interrupt();
      if (!awaitStop()) {
        summary.run();
      }
    }, "kiln-interrupt");
  }

  /**
   * Interrupts the calling thread when the JVM is asked to exit, until closed; runs {@code summary}
   * (which must print once, whoever calls it first) when the thread has not stopped in time.
   */
  static Interruption install(Runnable summary) {
    Interruption interruption = new Interruption(Thread.currentThread(), summary);
    Runtime.getRuntime().addShutdownHook(interruption.hook);
    return interruption;
  }

  private boolean awaitStop() {
    try {
      return stopped.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // exiting anyway
      return false;
    }
  }

  @Override
  public void close() {
    stopped.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already exiting: the hook is running and has just been released
    }
  }
}
