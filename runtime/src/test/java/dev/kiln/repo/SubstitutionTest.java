package dev.kiln.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.build.BuildListener;
import dev.kiln.build.Builder;
import dev.kiln.build.Scheduler;
import dev.kiln.fetch.FetchListener;
import dev.kiln.fetch.Fetcher;
import dev.kiln.model.Package;
import dev.kiln.model.Recipe;
import dev.kiln.model.RepoRef;
import dev.kiln.model.SourceLocation;
import dev.kiln.model.Step;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.plan.Planner;
import dev.kiln.store.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build on store A, publish, serve over real HTTP, and fill store B from it: real builds, real server. */
class SubstitutionTest {
  @TempDir Path dir;
  private Store storeA;
  private Path repo;
  private Recipe recipe;
  private Plan plan;
  private SigningKey key;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  private final BuildListener recording = new BuildListener() {
    @Override
    public void finished(PlannedPackage pkg, java.time.Duration wall) {
      events.add("built " + pkg.name());
    }

    @Override
    public void substituted(PlannedPackage pkg, String from) {
      events.add("substituted " + pkg.name() + " from " + from);
    }
  };

  @BeforeEach
  void buildAndPublish() throws Exception {
    Package tool = Package.builder("tool", "2.0")
        .step(new Step.Sh("mkdir -p $out/bin $out/share && printf '#!/bin/sh\\necho hi\\n' > $out/bin/tool"
            + " && chmod 755 $out/bin/tool && ln -s tool $out/bin/t && ln -s $out/bin/tool $out/share/abs"))
        .build();
    Package app = Package.builder("app", "1.0").dependsOn("tool").step(new Step.Sh("mkdir -p $out && tool > $out/said")).build();
    recipe = Recipe.of(dir.resolve("recipe.rb"), List.of(tool, app));
    plan = Planner.plan(recipe, List.of());
    storeA = Store.open(dir.resolve("a"));
    assertEquals(2, run(storeA, Substituter.none()));
    repo = dir.resolve("repo");
    key = SigningKey.generate("up");
    new Publisher(repo, storeA).publish(plan, plan.buildOrder(), Optional.of(key));
  }

  /** Which substituter to give the scheduler. */
  private interface Substituter {
    dev.kiln.build.Substituter make(Store store) throws IOException;

    static Substituter none() {
      return store -> dev.kiln.build.Substituter.NONE;
    }
  }

  private int run(Store store, Substituter substituter) throws Exception {
    Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
    Builder builder = new Builder(store, fetcher, recording, 2);
    return new Scheduler(store, builder, recording, substituter.make(store)).run(recipe, plan);
  }

  private Substituter from(URI base, boolean trusted, boolean trustKey) {
    return store -> {
      if (trustKey) {
        trust(store.home());
      }
      RepoRef ref = new RepoRef("up", base, Optional.empty(), trusted, SourceLocation.UNKNOWN);
      Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
      return new RepoSubstituter(store, fetcher, List.of(RemoteRepo.open(ref, store.home(), false)), warnings::add);
    };
  }

  private void trust(Path home) throws IOException {
    Path dir = Files.createDirectories(home.resolve(TrustPolicy.TRUSTED_KEYS));
    Files.writeString(dir.resolve("up.pub"), key.publicKey().render());
  }

  private Path archiveOf(String name) throws IOException {
    return repo.resolve(Publisher.read(repo).versionsOf(name).get(0).filename());
  }

  private static void assertNothingOf(Store store, PlannedPackage pkg) throws IOException {
    assertFalse(store.contains(pkg.storeName()));
    try (var tmp = Files.list(store.home().resolve("tmp"))) {
      assertEquals(0, tmp.count(), "no scratch left in tmp/");
    }
    try (var distfiles = Files.list(store.distfiles())) {
      assertTrue(distfiles.noneMatch(f -> f.getFileName().toString().startsWith(".part")), "no partial download kept");
    }
  }

  @Test
  void an_empty_store_is_filled_from_a_served_repo_with_zero_builds_and_identical_contents() throws Exception {
    try (RepoServer server = RepoServer.start(repo, new InetSocketAddress("127.0.0.1", 0))) {
      Store storeB = Store.open(dir.resolve("b"));
      events.clear();
      assertEquals(0, run(storeB, from(URI.create("http://127.0.0.1:" + server.port()), false, true)));
      assertEquals(List.of("substituted tool from up", "substituted app from up"), events);
      for (PlannedPackage p : plan.buildOrder()) {
        assertEquals(TreeListing.of(storeA.entry(p.storeName())), TreeListing.of(storeB.entry(p.storeName())), p.name());
      }
      assertEquals(List.of(), warnings);
      // Store B republishes byte-identical archives: the round trip lost nothing.
      Path again = dir.resolve("again");
      new Publisher(again, storeB).publish(plan, plan.buildOrder(), Optional.empty());
      assertEquals(Publisher.read(repo).entries(), Publisher.read(again).entries());
    }
  }

  @Test
  void a_directory_repo_works_too_and_a_second_run_has_nothing_to_do() throws Exception {
    Store storeB = Store.open(dir.resolve("b"));
    assertEquals(0, run(storeB, from(repo.toUri(), false, true)));
    events.clear();
    assertEquals(0, run(storeB, from(repo.toUri(), false, true)));
    assertEquals(List.of(), events);
  }

  @Test
  void an_unsigned_index_is_refused_and_everything_is_built() throws Exception {
    Files.delete(repo.resolve(IndexSignature.FILE));
    Store storeB = Store.open(dir.resolve("b"));
    events.clear();
    assertEquals(2, run(storeB, from(repo.toUri(), false, true)));
    assertEquals(List.of("built tool", "built app"), events);
    assertTrue(warnings.get(0).contains("repo up: the index is not signed"), warnings.toString());
    assertFalse(Files.exists(storeB.home().resolve("repos/up/Packages")), "an unverified index is not cached");
  }

  @Test
  void an_unsigned_index_is_accepted_from_a_repo_declared_trusted() throws Exception {
    Files.delete(repo.resolve(IndexSignature.FILE));
    Store storeB = Store.open(dir.resolve("b"));
    assertEquals(0, run(storeB, from(repo.toUri(), true, false)));
  }

  @Test
  void a_signature_by_an_untrusted_key_is_refused() throws Exception {
    Store storeB = Store.open(dir.resolve("b"));
    assertEquals(2, run(storeB, from(repo.toUri(), false, false)));
    assertTrue(warnings.get(0).contains("which is not trusted (no keys are trusted)"), warnings.toString());
  }

  @Test
  void a_tampered_or_truncated_index_fails_its_signature() throws Exception {
    Path index = repo.resolve(RepoIndex.FILE);
    byte[] bytes = Files.readAllBytes(index);
    RemoteRepo remote = RemoteRepo.open(RepoRef.ofDirectory("up", repo, Optional.empty(), false), dir.resolve("b"), false);
    trust(dir.resolve("b"));
    RemoteRepo trusting = RemoteRepo.open(RepoRef.ofDirectory("up", repo, Optional.empty(), false), dir.resolve("b"), false);
    assertEquals(2, trusting.sync().index().size());
    Files.write(index, Arrays.copyOf(bytes, bytes.length - 1));
    UntrustedIndexException truncated = assertThrows(UntrustedIndexException.class, trusting::sync);
    assertTrue(truncated.getMessage().contains("bad signature"), truncated.getMessage());
    Files.writeString(index, new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace("Version: 2.0", "Version: 2.1"));
    assertThrows(UntrustedIndexException.class, trusting::sync);
    assertThrows(UntrustedIndexException.class, remote::sync, "no key trusted at all");
  }

  @Test
  void a_tampered_archive_is_refused_nothing_of_it_reaches_the_store_and_the_package_is_built() throws Exception {
    Path archive = archiveOf("tool");
    byte[] bytes = Files.readAllBytes(archive);
    bytes[bytes.length / 2] ^= 1;
    Files.write(archive, bytes);
    PlannedPackage tool = plan.buildOrder().get(0);
    Store storeB = Store.open(dir.resolve("b"));
    dev.kiln.build.Substituter substituter = from(repo.toUri(), false, true).make(storeB);
    assertEquals(Optional.empty(), substituter.substitute(tool));
    assertNothingOf(storeB, tool);
    try (var distfiles = Files.list(storeB.distfiles())) {
      assertEquals(0, distfiles.count(), "the bad archive is not cached");
    }
    assertTrue(warnings.get(0).contains("sha256 mismatch"), warnings.toString());
    events.clear();
    assertEquals(1, run(storeB, from(repo.toUri(), false, true)));
    assertEquals(List.of("built tool", "substituted app from up"), events);
  }

  @Test
  void a_truncated_archive_is_refused() throws Exception {
    Path archive = archiveOf("tool");
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(bytes, bytes.length - 100));
    PlannedPackage tool = plan.buildOrder().get(0);
    Store storeB = Store.open(dir.resolve("b"));
    assertEquals(Optional.empty(), from(repo.toUri(), false, true).make(storeB).substitute(tool));
    assertNothingOf(storeB, tool);
    assertTrue(warnings.get(0).contains("sha256 mismatch"), warnings.toString());
  }

  @Test
  void an_archive_whose_metadata_lies_about_its_package_is_refused() throws Exception {
    // A signed index pointing tool's hash at app's (genuine, correctly hashed) archive.
    RepoIndex index = Publisher.read(repo);
    IndexEntry tool = index.versionsOf("tool").get(0);
    IndexEntry app = index.versionsOf("app").get(0);
    IndexEntry swapped = new IndexEntry(tool.info(), app.filename(), app.size(), app.sha256());
    RepoIndex forged = index.with(List.of(swapped));
    Files.write(repo.resolve(RepoIndex.FILE), forged.render());
    Files.write(repo.resolve(IndexSignature.FILE), key.sign(forged.render()).render());
    PlannedPackage toolPlanned = plan.buildOrder().get(0);
    Store storeB = Store.open(dir.resolve("b"));
    assertEquals(Optional.empty(), from(repo.toUri(), false, true).make(storeB).substitute(toolPlanned));
    assertNothingOf(storeB, toolPlanned);
    assertTrue(warnings.get(0).contains("its metadata describes app-1.0-"), warnings.toString());
  }
}
