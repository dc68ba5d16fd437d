package dev.kiln.build;

import dev.kiln.model.Recipe;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Builds what a plan lacks, inputs first, one package at a time, stopping at the first failure. */
public final class Scheduler {
  private final Store store;
  private final Builder builder;
  private final BuildListener listener;
  private final Substituter substituter;

  public Scheduler(Store store, Builder builder, BuildListener listener) {
    this(store, builder, listener, Substituter.NONE);
  }

  /** A scheduler that asks {@code substituter} for each missing package before building it. */
  public Scheduler(Store store, Builder builder, BuildListener listener, Substituter substituter) {
    this.store = store;
    this.builder = builder;
    this.listener = listener;
    this.substituter = substituter;
  }

  /** The packages of the plan that are not in the store yet, in build order. */
  public List<PlannedPackage> missing(Plan plan) {
    return plan.buildOrder().stream().filter(p -> !store.contains(p.storeName())).toList();
  }

  /** Builds every missing package; returns how many this process built. */
  public int run(Recipe recipe, Plan plan) throws IOException, InterruptedException, BuildFailedException {
    List<PlannedPackage> todo = missing(plan);
    listener.planned(todo.size(), plan.buildOrder().size() - todo.size());
    int built = 0;
    for (int i = 0; i < todo.size(); i++) {
      PlannedPackage pkg = todo.get(i);
      listener.started(pkg, i + 1, todo.size());
      long start = System.nanoTime();
      java.util.Optional<String> from = substituter.substitute(pkg);
      if (from.isPresent()) {
        listener.substituted(pkg, from.get());
      } else if (builder.build(recipe, plan, pkg)) {
        built++;
        listener.finished(pkg, Duration.ofNanos(System.nanoTime() - start));
      }
    }
    return built;
  }
}
