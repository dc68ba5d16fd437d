package dev.kiln.cli.repl;

import dev.kiln.build.BuildFailedException;
import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a build on its own thread so that Ctrl-C at the prompt can cancel it: the interrupt reaches
 * the thread waiting for bwrap, which kills the container (it dies with its parent); the builder
 * then removes its scratch directory, and the store keeps only whole entries.
 */
final class BuildRunner {
  private final Workshop workshop;

  BuildRunner(Workshop workshop) {
    this.workshop = workshop;
  }

  /** Builds what the plan lacks; returns how many packages were built. */
  @SuppressWarnings("try") // the Ctrl-C handler is in force for the scope, never read
  int build(Recipe recipe, Plan plan, Input input) throws IOException, BuildFailedException, BuildCancelledException {
    AtomicBoolean cancelled = new AtomicBoolean();
    FutureTask<Integer> task = new FutureTask<>(() -> workshop.build(recipe, plan));
    Thread worker = new Thread(task, "kiln-build");
    try (Input.Registration ctrlC = input.onInterrupt(() -> {
      cancelled.set(true);
      worker.interrupt();
    })) {
      worker.start();
      return outcome(task, cancelled);
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw new BuildCancelledException("build");
    }
  }

  /**
   * The build's result. Once Ctrl-C was pressed, any failure is the cancellation: the terminal's
   * SIGINT may reach bwrap first, and then the build fails rather than being interrupted.
   */
  private static int outcome(FutureTask<Integer> task, AtomicBoolean cancelled)
      throws InterruptedException, IOException, BuildFailedException, BuildCancelledException {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (cancelled.get()) {
        throw new BuildCancelledException("build");
      }
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof BuildFailedException failed) {
        throw failed;
      }
      if (cause instanceof InterruptedException) {
        throw new BuildCancelledException("build");
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw (Error) cause;
    }
  }
}
