package dev.kiln.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT, or SIGTERM) during a run into an interrupt of the thread running it, and
 * holds the JVM's exit until that thread has stopped its builds: each kills its container and removes
 * its scratch directory, so the store keeps only whole entries and every log survives.
 */
final class Interruption implements AutoCloseable {
  /** Long enough for builds to kill their containers and delete their scratch trees. */
  private static final long GRACE_SECONDS = 60;

  private final Thread hook;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Interruption(Thread runner) {
    this.hook = new Thread(() -> {
      runner.interrupt();
      awaitStop();
    }, "kiln-interrupt");
  }

  /** Interrupts the calling thread when the JVM is asked to exit, until closed. */
  static Interruption install() {
    Interruption interruption = new Interruption(Thread.currentThread());
    Runtime.getRuntime().addShutdownHook(interruption.hook);
    return interruption;
  }

  private void awaitStop() {
    try {
      stopped.await(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // exiting anyway
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
