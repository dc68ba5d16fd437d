package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.model.UnpackLimits;
import dev.kiln.fetch.FetchListener;
import dev.kiln.fetch.Fetcher;
import dev.kiln.hash.Sha256;
import dev.kiln.model.Package;
import dev.kiln.model.Patch;
import dev.kiln.model.Recipe;
import dev.kiln.model.Source;
import dev.kiln.model.Step;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.plan.Planner;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds in real bubblewrap containers. */
class BuilderTest {
  @TempDir Path dir;
  private Store store;
  private Source greetSource;

  @BeforeEach
  void setUp() throws Exception {
    store = Store.open(dir.resolve("home"));
    Path tree = Files.createDirectories(dir.resolve("tree/greet-1.0"));
    Files.writeString(tree.resolve("greet.sh"), "#!/bin/sh\necho hello from greet\n");
    greetSource = tarball(dir.resolve("tree"), "greet-1.0");
  }

  private Source tarball(Path parent, String top) throws Exception {
    Path archive = dir.resolve(top + ".tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", parent.toString(), top)
        .inheritIO().start();
    assertEquals(0, tar.waitFor());
    return Source.of(archive.toUri(), Sha256.ofFile(archive));
  }

  private PlannedPackage build(List<Package> packages, String target) throws Exception {
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), packages);
    Plan plan = Planner.plan(recipe, List.of(target));
    Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
    Builder builder = new Builder(store, fetcher, BuildListener.silent(), 2);
    new Scheduler(store, builder, BuildListener.silent()).run(recipe, plan);
    return plan.targets().get(0);
  }

  private static Package.Builder greet(Source source) {
    return Package.builder("greet", "1.0").source(source)
        .step(new Step.Sh("mkdir -p $out/bin"))
        .step(Step.Run.of("install", List.of("-m", "755", "greet.sh", "$out/bin/greet")));
  }

  @Test
  void a_declared_input_wins_over_the_hosts_copy_of_the_same_library() throws Exception {
    // A zlib whose header and library say "kiln"; the host's /usr has its own zlib.h and libz.
    Path zlibTree = Files.createDirectories(dir.resolve("z/zlib-0"));
    Files.writeString(zlibTree.resolve("zlib.h"), "#define ZLIB_VERSION \"kiln\"\nconst char *zlibVersion(void);\n");
    Files.writeString(zlibTree.resolve("z.c"), "const char *zlibVersion(void) { return \"kiln\"; }\n");
    Package zlib = Package.builder("zlib", "0").source(tarball(dir.resolve("z"), "zlib-0"))
        .step(new Step.Sh("mkdir -p $out/include $out/lib && cp zlib.h $out/include/"))
        .step(new Step.Sh("cc -c z.c -o z.o && ar rc $out/lib/libz.a z.o"))
        .build();
    Path appTree = Files.createDirectories(dir.resolve("a/app-1"));
    Files.writeString(appTree.resolve("app.c"), "#include <stdio.h>\n#include <zlib.h>\n"
        + "int main(void) { printf(\"%s %s\\n\", ZLIB_VERSION, zlibVersion()); return 0; }\n");
    Package app = Package.builder("app", "1").source(tarball(dir.resolve("a"), "app-1")).dependsOn("zlib")
        .step(new Step.Sh("cc app.c -lz -o app && mkdir -p $out && ./app > $out/said"))
        .step(new Step.Sh("test \"$CPATH\" = \"$input_zlib/include\" && test \"$LD_RUN_PATH\" = \"$input_zlib/lib\""))
        .build();
    PlannedPackage built = build(List.of(zlib, app), "app");
    assertEquals("kiln kiln\n", Files.readString(store.entry(built.storeName()).resolve("said")),
        "the declared zlib's header and library, not the host's");
  }

  @Test
  void builds_in_a_container_from_the_unpacked_sources_and_commits_to_the_store() throws Exception {
    PlannedPackage greet = build(List.of(greet(greetSource).build()), "greet");
    Path entry = store.entry(greet.storeName());
    assertEquals("#!/bin/sh\necho hello from greet\n", Files.readString(entry.resolve("bin/greet")));
    assertTrue(Files.isExecutable(entry.resolve("bin/greet")));
    assertEquals(Store.SOURCE_DATE_EPOCH, Files.getLastModifiedTime(entry.resolve("bin/greet")).to(TimeUnit.SECONDS));
    assertTrue(Files.readString(store.logFile(greet.storeName())).contains("==> build: mkdir -p $out/bin"));
    assertEquals(0, Files.list(store.home().resolve("tmp")).count(), "scratch directories are removed");
  }

  @Test
  void build_has_a_clean_environment_no_network_and_only_its_own_root() throws Exception {
    Package probe = Package.builder("probe", "1").env("CFLAGS", "-O2")
        .step(new Step.Sh("env > $out/env; cat /proc/net/dev > $out/net; ls / > $out/root; id -u > $out/uid"))
        .build();
    Path entry = store.entry(build(List.of(probe), "probe").storeName());
    Set<String> names = Files.readAllLines(entry.resolve("env")).stream()
        .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
    names.removeAll(Set.of("PWD", "SHLVL", "OLDPWD", "_"));
    assertEquals(new TreeSet<>(Set.of("CFLAGS", "HOME", "JOBS", "LC_ALL", "PATH", "SOURCE_DATE_EPOCH", "TMPDIR", "TZ", "out")), names);
    List<String> interfaces = Files.readAllLines(entry.resolve("net")).stream().skip(2)
        .map(l -> l.trim().split(":")[0]).toList();
    assertEquals(List.of("lo"), interfaces, "only loopback in the build's network namespace");
    Set<String> root = new TreeSet<>(Files.readAllLines(entry.resolve("root")));
    assertFalse(root.contains("home") || root.contains("root") || root.contains("work") || root.contains("var"), root.toString());
    assertTrue(root.containsAll(Set.of("build", "kiln", "proc", "dev", "tmp", "usr")), root.toString());
  }

  @Test
  void inputs_are_read_only_and_on_the_path() throws Exception {
    Package user = Package.builder("user", "1").dependsOn("greet")
        .step(new Step.Sh("greet > $out/said\n"
            + "for d in /kiln/store/*; do [ \"$d\" = \"$out\" ] && continue; "
            + "if touch \"$d/probe\" 2>/dev/null; then echo \"$d is writable\"; exit 1; fi; done"))
        .build();
    PlannedPackage built = build(List.of(greet(greetSource).build(), user), "user");
    assertEquals("hello from greet\n", Files.readString(store.entry(built.storeName()).resolve("said")));
  }

  @Test
  void patches_are_applied_before_the_build() throws Exception {
    Path patch = Files.writeString(dir.resolve("louder.patch"), String.join("\n",
        "--- a/greet.sh", "+++ b/greet.sh", "@@ -1,2 +1,2 @@", " #!/bin/sh", "-echo hello from greet", "+echo HELLO FROM GREET", ""));
    Package patched = greet(greetSource)
        .patch(new Patch(Source.of(patch.toUri(), Sha256.ofFile(patch)), 1)).build();
    PlannedPackage built = build(List.of(patched), "greet");
    assertEquals("#!/bin/sh\necho HELLO FROM GREET\n", Files.readString(store.entry(built.storeName()).resolve("bin/greet")));
  }

  @Test
  void failed_build_leaves_no_entry_keeps_its_log_and_shows_the_last_lines() throws Exception {
    Package failing = Package.builder("failing", "1")
        .step(new Step.Sh("mkdir -p $out/bin; echo partial > $out/bin/half"))
        .step(new Step.Sh("echo compiler says no >&2; exit 3"))
        .build();
    BuildFailedException e = assertThrows(BuildFailedException.class, () -> build(List.of(failing), "failing"));
    assertEquals(3, e.exitCode());
    assertTrue(e.tail().contains("compiler says no"), e.tail().toString());
    assertTrue(Files.readString(e.log(), StandardCharsets.UTF_8).contains("compiler says no"));
    assertFalse(store.contains(e.pkg().storeName()));
    try (var entries = Files.list(store.home().resolve("store"))) {
      assertEquals(0, entries.count(), "no partial store entry");
    }
    assertEquals(0, Files.list(store.home().resolve("tmp")).count(), "scratch directories are removed");
    Path kept = FailedBuilds.dirOf(store, e.pkg().storeName());
    assertEquals("partial\n", Files.readString(kept.resolve("out/bin/half")), "the failed build is kept for kiln debug");
    assertEquals(java.util.Optional.of("echo compiler says no >&2; exit 3"), e.step());
    assertEquals(java.util.Optional.of("build"), e.phase());
    assertTrue(e.getMessage().contains("in phase build, step `echo compiler says no >&2; exit 3`"), e.getMessage());
    assertEquals("echo compiler says no >&2; exit 3\n", Files.readString(kept.resolve("debug/history")));
  }

  @Test
  void an_output_holding_a_fifo_is_refused_and_kept_not_committed() throws Exception {
    Package piped = Package.builder("piped", "1")
        .step(new Step.Sh("mkdir -p $out/run; mkfifo $out/run/pipe; cp /bin/sh $out/sh"))
        .build();
    BuildFailedException e = assertThrows(BuildFailedException.class, () -> build(List.of(piped), "piped"));
    assertEquals(java.util.Optional.of("run/pipe: is a fifo; a store entry holds only files, directories and symlinks"),
        e.refusal());
    assertEquals("piped 1 built, but its output was refused: " + e.refusal().get(), e.getMessage());
    assertTrue(e.tail().contains("kiln: audit: refused " + e.refusal().get()), e.tail().toString());
    assertFalse(store.contains(e.pkg().storeName()));
    assertEquals(0, Files.list(store.home().resolve("tmp")).count(), "scratch directories are removed");
    assertTrue(Files.exists(FailedBuilds.dirOf(store, e.pkg().storeName()).resolve("out/sh")), "kept for kiln debug");
  }

  /** Devices and fifos in a source are no use to a build: each is named in the log, and the listener hears once. */
  @Test
  void special_entries_in_a_source_are_skipped_and_each_named_in_the_log() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("fifo/greet-1.0"));
    Files.writeString(tree.resolve("greet.sh"), "#!/bin/sh\necho hello from greet\n");
    for (String fifo : List.of("in", "out")) {
      assertEquals(0, new ProcessBuilder("mkfifo", tree.resolve(fifo).toString()).inheritIO().start().waitFor());
    }
    Package greet = greet(tarball(dir.resolve("fifo"), "greet-1.0")).build();
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), List.of(greet));
    Plan plan = Planner.plan(recipe, List.of("greet"));
    List<String> notes = new java.util.ArrayList<>();
    BuildListener listener = new BuildListener() {
      @Override
      public void note(PlannedPackage pkg, String message) {
        notes.add(message);
      }
    };
    Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
    new Scheduler(store, new Builder(store, fetcher, listener, 2), listener).run(recipe, plan);

    String log = Files.readString(store.logFile(plan.targets().get(0).storeName()));
    assertTrue(log.contains("kiln: greet-1.0.tar.gz: skipped greet-1.0/in (a fifo)\n"), log);
    assertTrue(log.contains("kiln: greet-1.0.tar.gz: skipped greet-1.0/out (a fifo)\n"), log);
    assertTrue(log.startsWith("kiln: building greet 1.0"), log);
    assertEquals(List.of("greet-1.0.tar.gz: skipped 2 special entries (see the log)"), notes);
    assertTrue(store.contains(plan.targets().get(0).storeName()));
  }

  @Test
  void a_source_past_its_max_size_fails_before_the_build_and_leaves_no_scratch() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("big/big-1"));
    Files.write(tree.resolve("zeros"), new byte[2 << 20]);
    Source tarball = tarball(dir.resolve("big"), "big-1");
    Source capped = new Source(tarball.location(), tarball.sha256(), tarball.fileName(),
        UnpackLimits.DEFAULT.withMaxBytes(1 << 20));
    Package big = Package.builder("big", "1").source(capped).step(new Step.Sh("touch $out/built")).build();

    IOException e = assertThrows(IOException.class, () -> build(List.of(big), "big"));

    assertEquals("big-1.tar.gz expands past 1 MiB (the source's max_size); raise max_size: if this is expected",
        e.getMessage());
    try (var scratch = Files.list(store.home().resolve("tmp")); var entries = Files.list(store.home().resolve("store"))) {
      assertEquals(0, scratch.count(), "the half-unpacked sources are removed");
      assertEquals(0, entries.count(), "nothing reaches the store");
    }
  }

  @Test
  void a_host_program_passes_the_audit_where_the_stage_sees_the_host() throws Exception {
    Package copied = Package.builder("copied", "1").step(new Step.Sh("cp /bin/sh $out/sh")).build();
    PlannedPackage built = build(List.of(copied), "copied");
    assertTrue(Files.isRegularFile(store.entry(built.storeName()).resolve("sh")));
  }

  @Test
  void a_hermetic_stage_may_not_keep_a_program_that_loads_with_the_hosts_loader() throws Exception {
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), List.of(
        new dev.kiln.model.Stage("seed", List.of(), true, dev.kiln.model.SourceLocation.UNKNOWN),
        dev.kiln.model.Stage.hermetic("sealed", List.of("seed"), dev.kiln.model.SourceLocation.UNKNOWN)), List.of(
        Package.builder("seed", "1").stage("seed")
            .hostImport(new dev.kiln.model.HostImport(List.of("sh", "cp", "mkdir"), List.of())).build(),
        Package.builder("script", "1").stage("sealed")
            .step(new Step.Sh("mkdir -p $out/bin; echo 'echo hi' > $out/bin/hi")).build(),
        Package.builder("leaky", "1").stage("sealed").step(new Step.Sh("cp /bin/sh $out/sh")).build()));
    Fetcher fetcher = new Fetcher(store.distfiles(), List.of(), FetchListener.silent());
    Builder builder = new Builder(store, fetcher, BuildListener.silent(), 2);
    dev.kiln.host.HostImports host = dev.kiln.host.HostImports.withCache(null);
    Planner.HostFingerprint fixed = pkg -> new dev.kiln.host.HostSeal(
        host.manifest(pkg.hostImport().orElseThrow(), Path.of("/")), Path.of("/"), "the host", "");
    Plan script = Planner.plan(recipe, List.of("script"), fixed);
    new Scheduler(store, builder, BuildListener.silent()).run(recipe, script);
    assertTrue(store.contains(script.targets().get(0).storeName()), "a script passes; the host import is not audited");
    Plan leaky = Planner.plan(recipe, List.of("leaky"), fixed);
    BuildFailedException e = assertThrows(BuildFailedException.class,
        () -> new Scheduler(store, builder, BuildListener.silent()).run(recipe, leaky));
    assertTrue(e.refusal().orElseThrow().startsWith("sh: its ELF interpreter /"), e.getMessage());
    assertTrue(e.refusal().orElseThrow().endsWith(" is not in the package's run-time closure"
        + " (a hermetic stage's programs must load with a store path's loader)"), e.getMessage());
  }

  @Test
  void the_failing_steps_whole_command_is_found_in_the_script() {
    String script = "set -eu\n\n# phase build\necho '==> build: a'\na\necho '==> build: for x in 1 2; do ...'\n"
        + "for x in 1 2; do\n  b $x\ndone\n\n# phase check\necho '==> check: c'\nc\n";
    assertEquals("for x in 1 2; do\n  b $x\ndone",
        FailedBuilds.commandOf(script, "build: for x in 1 2; do ...", "for x in 1 2; do ..."));
    assertEquals("c", FailedBuilds.commandOf(script, "check: c", "c"));
  }

  @Test
  void a_built_package_is_not_built_again() throws Exception {
    List<Package> packages = List.of(greet(greetSource).build());
    PlannedPackage first = build(packages, "greet");
    long mtime = Files.getLastModifiedTime(store.logFile(first.storeName())).toMillis();
    Recipe recipe = Recipe.of(dir.resolve("recipe.rb"), packages);
    Plan plan = Planner.plan(recipe, List.of());
    Builder failIfCalled = new Builder(store, null, BuildListener.silent(), 1);
    assertEquals(0, new Scheduler(store, failIfCalled, BuildListener.silent()).run(recipe, plan));
    assertEquals(mtime, Files.getLastModifiedTime(store.logFile(first.storeName())).toMillis());
  }

}
