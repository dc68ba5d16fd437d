package dev.kiln.cli;

import dev.kiln.dsl.RecipeEvaluator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts JRuby on a second thread as soon as kiln knows a command will evaluate a recipe, so that
 * its start-up (most of a no-op run) overlaps argument parsing and opening the store.
 */
final class EarlyRuby {
  private static final Set<String> EVALUATING = Set.of("repl");
  static final List<String> LIBRARIES = List.of("kiln/stdlib");
  private static CompletableFuture<RecipeEvaluator> starting;

  private EarlyRuby() {}

  static synchronized void startFor(String[] args) {
    if (args.length > 0 && EVALUATING.contains(args[0]) && starting == null) {
      starting = CompletableFuture.supplyAsync(() -> RecipeEvaluator.create(LIBRARIES), EarlyRuby::daemon);
    }
  }

  /** The evaluator started early, or a new one. Each is handed out once. */
  static synchronized RecipeEvaluator take() {
    CompletableFuture<RecipeEvaluator> mine = starting;
    starting = null;
    if (mine == null) {
      return RecipeEvaluator.create(LIBRARIES);
    }
    try {
      return mine.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RecipeEvaluator.create(LIBRARIES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("JRuby failed to start: " + e.getCause(), e.getCause());
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "kiln-ruby-start");
    thread.setDaemon(true);
    thread.start();
  }
}
