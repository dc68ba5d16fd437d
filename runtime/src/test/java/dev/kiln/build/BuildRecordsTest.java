package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.fetch.FetchListener;
import dev.kiln.fetch.Fetcher;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.Step;
import dev.kiln.plan.HashInputs;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.plan.Planner;
import dev.kiln.store.Store;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-entry record of hash inputs, written by real builds. */
class BuildRecordsTest {
  @TempDir Path dir;
  private Store store;

  @BeforeEach
  void setUp() throws Exception {
    store = Store.open(dir.resolve("home"));
  }

  private static Package tool(String flags) {
    return Package.builder("tool", "1.0").env("FLAGS", flags).step(new Step.Sh("mkdir -p $out")).build();
  }

  private static Package app() {
    return Package.builder("app", "1.0").dependsOn("tool").step(new Step.Sh("mkdir -p $out")).build();
  }

  private Plan build(List<Package> packages) throws Exception {
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), packages);
    Plan plan = Planner.plan(recipe, List.of());
    Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
    new Scheduler(store, new Builder(store, fetcher, BuildListener.silent(), 1), BuildListener.silent()).run(recipe, plan);
    return plan;
  }

  private static PlannedPackage named(Plan plan, String name) {
    return plan.buildOrder().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void a_changed_env_and_the_input_it_changed_are_named_against_the_last_build() throws Exception {
    build(List.of(tool("-O1"), app()));
    Recipe changed = Recipe.of(dir.resolve("recipe.rb"), List.of(tool("-O2"), app()));
    Plan plan = Planner.plan(changed, List.of());

    PlannedPackage tool = named(plan, "tool");
    HashInputs before = BuildRecords.latestOther(store, "tool", tool.storeName()).orElseThrow().inputs();
    assertEquals(List.of("env FLAGS changed: \"-O1\" -> \"-O2\""),
        HashInputs.of(plan, tool, changed.stage("default")).changesSince(before));

    PlannedPackage app = named(plan, "app");
    HashInputs appBefore = BuildRecords.latestOther(store, "app", app.storeName()).orElseThrow().inputs();
    List<String> appChanges = HashInputs.of(plan, app, changed.stage("default")).changesSince(appBefore);
    assertEquals(1, appChanges.size(), appChanges.toString());
    assertTrue(appChanges.get(0).matches("input tool changed: tool-1\\.0-[0-9a-f]{8} -> tool-1\\.0-[0-9a-f]{8}"), appChanges.get(0));
  }

  @Test
  void the_latest_build_of_a_name_is_found_and_never_the_entry_itself() throws Exception {
    Plan first = build(List.of(tool("-O1")));
    Thread.sleep(20);
    Plan second = build(List.of(tool("-O2")));
    String newest = named(second, "tool").storeName();
    assertEquals(named(first, "tool").storeName(), BuildRecords.latestOther(store, "tool", newest).orElseThrow().storeName());
    assertEquals(newest, BuildRecords.latestOther(store, "tool", "tool-9-none").orElseThrow().storeName());
  }
}
