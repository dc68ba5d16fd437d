package dev.kiln.build;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Calls back at a fixed period, with the time since it started, until closed. */
final class Heartbeat implements AutoCloseable {
  private final ScheduledExecutorService timer;

  private Heartbeat(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static Heartbeat every(Duration period, Consumer<Duration> beat) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kiln-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    timer.scheduleAtFixedRate(() -> beat.accept(Duration.ofNanos(System.nanoTime() - start)),
        period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return new Heartbeat(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
