package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real kiln processes: SIGKILL in each phase of a build, of a publish and of a
 * profile switch; a full disk in each phase; three processes building one recipe. Every case ends
 * with kiln verify finding the store consistent, and after a kill the next run builds the package.
 */
@Tag("fault")
class FaultInjectionTest {
  private static final Duration PHASE_LIMIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private final List<Path> mounts = new ArrayList<>();
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    for (Path mount : mounts) {
      sh("umount " + mount);
    }
  }

  private Path home() {
    return dir.resolve("home");
  }

  private Kiln.Result kiln(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--home=" + home());
    return Kiln.run(all.toArray(String[]::new));
  }

  /** kiln as a child process; what it prints goes to {@code NAME.out}. */
  private Process start(String name, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--home=" + home());
    Process p = Kiln.start(dir.resolve(name + ".out"), all.toArray(String[]::new));
    started.add(p);
    return p;
  }

  private String output(String name) throws Exception {
    Path out = dir.resolve(name + ".out");
    return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    Instant end = Instant.now().plus(PHASE_LIMIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private void awaitOutput(String name, String text) throws Exception {
    await(name + " to print " + text, () -> {
      try {
        return output(name).contains(text);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void kill(Process p) throws Exception {
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
  }

  private static void sh(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), command + ": " + said);
  }

  /**
   * Writes the recipe, dated in the past so that its evaluation may be kept, and evaluates it here
   * (where JRuby is warm): the kiln processes started later take the kept evaluation.
   */
  private Path recipe(String text) throws Exception {
    Path recipe = Files.writeString(dir.resolve("recipe.rb"), text);
    Files.setLastModifiedTime(recipe, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Kiln.Result plan = kiln("plan", "-f", recipe.toString());
    assertEquals(0, plan.exit(), plan.toString());
    return recipe;
  }

  private List<String> entries() throws Exception {
    if (!Files.isDirectory(home().resolve("store"))) {
      return List.of();
    }
    try (var s = Files.list(home().resolve("store"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void assertVerified() {
    Kiln.Result verify = kiln("verify");
    assertEquals(0, verify.exit(), "kiln verify:\n" + verify);
    assertFalse(verify.out().lines().anyMatch(l -> !l.startsWith("note: ")), verify.toString());
  }

  /** After a kill: the store verifies, the next run builds {@code pkg}, and the store verifies again. */
  private void assertRecovers(Path recipe, String pkg) throws Exception {
    assertVerified();
    Kiln.Result again = kiln("run", recipe.toString());
    assertEquals(0, again.exit(), again.toString());
    assertTrue(entries().stream().anyMatch(e -> e.startsWith(pkg + "-1-")), entries().toString());
    assertVerified();
    Kiln.Result verify = kiln("verify");
    assertEquals("", verify.out(), "the run cleared what the killed process left");
  }

  // --- SIGKILL in each phase -------------------------------------------------------------------

  @Test
  void sigkill_while_fetching_from_a_slow_server() throws Exception {
    byte[] body = new byte[1 << 20];
    new Random(1).nextBytes(body);
    try (DribbleServer server = new DribbleServer("/src.bin", body)) {
      Path recipe = recipe("""
          package "fetched", "1" do
            source "%s", sha256: "%s"
            build { sh "mkdir -p #{prefix} && cp src.bin #{prefix}/" }
          end
          """.formatted(server.url(), Sha256.ofBytes(body).hex()));
      Process kiln = start("first", "run", recipe.toString());
      awaitOutput("first", "fetching src.bin");
      await("a part of the source to arrive", () -> server.sent() > 64 * 1024);
      kill(kiln);
      assertTrue(server.sent() < body.length, "killed while fetching");
      assertEquals(List.of(), entries());
      server.slow = false;
      assertRecovers(recipe, "fetched");
    }
  }

  @Test
  void sigkill_while_unpacking_a_big_archive() throws Exception {
    Path src = Files.createDirectories(dir.resolve("big-1"));
    sh("cd " + src + " && for i in $(seq 1 24); do head -c 8M /dev/zero > f$i; done");
    sh("cd " + dir + " && tar -czf big-1.tar.gz big-1 && rm -r big-1");
    Path recipe = recipe("""
        package "unpacked", "1" do
          source "big-1.tar.gz", sha256: "%s", max_ratio: 100000
          build { sh "mkdir -p #{prefix} && ls > #{prefix}/list" }
        end
        """.formatted(Sha256.ofFile(dir.resolve("big-1.tar.gz")).hex()));
    Process kiln = start("first", "run", recipe.toString());
    awaitOutput("first", "unpacking big-1.tar.gz");
    kill(kiln);
    assertFalse(output("first").contains(": building"), "killed before the build:\n" + output("first"));
    assertEquals(List.of(), entries());
    assertRecovers(recipe, "unpacked");
  }

  @Test
  void sigkill_while_building() throws Exception {
    Path recipe = recipe("""
        package "slow", "1" do
          build do
            sh "echo build-started"
            sh "sleep 3"
            sh "mkdir -p #{prefix} && echo done > #{prefix}/done"
          end
        end
        """);
    Process kiln = start("first", "run", recipe.toString());
    await("the build to start", () -> logContains("build-started"));
    kill(kiln);
    assertEquals(List.of(), entries());
    assertRecovers(recipe, "slow");
  }

  private boolean logContains(String text) {
    try (var logs = Files.list(home().resolve("logs"))) {
      for (Path log : logs.toList()) {
        if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
          return true;
        }
      }
      return false;
    } catch (java.io.IOException notYet) {
      return false;
    }
  }

  @Test
  void sigkill_while_committing_a_large_output() throws Exception {
    Path recipe = recipe("""
        package "large", "1" do
          build { sh "mkdir -p #{prefix} && head -c 400M /dev/zero > #{prefix}/big && for i in $(seq 1 200); do echo $i > #{prefix}/f$i; done" }
        end
        """);
    Process kiln = start("first", "run", recipe.toString());
    awaitOutput("first", ": committing");
    kill(kiln);
    assertFalse(output("first").contains("built in"), "killed before the end:\n" + output("first"));
    assertRecovers(recipe, "large");
  }

  @Test
  void sigkill_just_after_a_commit_leaves_the_scratch_directory_to_the_next_run() throws Exception {
    Path src = Files.createDirectories(dir.resolve("many-1"));
    sh("cd " + src + " && for i in $(seq 1 10000); do echo $i > f$i; done");
    sh("cd " + dir + " && tar -czf many-1.tar.gz many-1 && rm -r many-1");
    Path recipe = recipe("""
        package "many", "1" do
          source "many-1.tar.gz", sha256: "%s"
          build { sh "mkdir -p #{prefix} && ls | wc -l > #{prefix}/count" }
        end
        """.formatted(Sha256.ofFile(dir.resolve("many-1.tar.gz")).hex()));
    Process kiln = start("first", "run", recipe.toString());
    awaitOutput("first", ": committing");
    await("the entry to be committed", () -> !entriesQuietly().isEmpty());
    kill(kiln); // the scratch tree is in the trash by now, or still in tmp/: either way the next kiln sweeps it
    assertVerified();
    Kiln.Result again = kiln("run", recipe.toString());
    assertEquals(0, again.exit(), again.toString());
    assertEquals("10000\n", Files.readString(home().resolve("store").resolve(entries().get(0)).resolve("count")));
    assertVerified();
  }

  private List<String> entriesQuietly() {
    try {
      return entries();
    } catch (Exception notYet) {
      return List.of();
    }
  }

  @Test
  void sigkill_while_publishing_to_a_repo() throws Exception {
    Path recipe = recipe("""
        package "pub", "1" do
          build { sh "mkdir -p #{prefix} && head -c 200M /dev/urandom > #{prefix}/noise" }
        end
        """);
    assertEquals(0, kiln("run", recipe.toString()).exit());
    Path repo = dir.resolve("repo");
    Process kiln = start("publish", "repo", "publish", "-f", recipe.toString(), repo.toString());
    await("the archive to be written", () -> hasFiles(repo.resolve("packages")));
    kill(kiln);
    assertFalse(output("publish").contains("published"), "killed while packing:\n" + output("publish"));
    assertFalse(Files.exists(repo.resolve("Packages")), "no index names a half-written archive");
    assertVerified();

    Kiln.Result again = kiln("repo", "publish", "-f", recipe.toString(), repo.toString());
    assertEquals(0, again.exit(), again.toString());
    assertTrue(Files.readString(repo.resolve("Packages")).contains("Package: pub"));
    try (var packages = Files.list(repo.resolve("packages"))) {
      assertEquals(1, packages.count(), "the killed publish's part file is gone, the archive is there");
    }
    assertVerified();
  }

  private static boolean hasFiles(Path dir) {
    try (var files = Files.list(dir)) {
      return files.findAny().isPresent();
    } catch (java.io.IOException notYet) {
      return false;
    }
  }

  @Test
  void sigkill_while_switching_a_profile() throws Exception {
    Path recipe = recipe("""
        package "a", "1" do
          build { sh "mkdir -p #{prefix}/bin && echo a > #{prefix}/bin/tool" }
        end
        package "b", "1" do
          build { sh "mkdir -p #{prefix}/bin && echo b > #{prefix}/bin/tool" }
        end
        env "ea", packages: %w[a]
        env "eb", packages: %w[b]
        """);
    assertEquals(0, kiln("profile", "switch", "-f", recipe.toString(), "p", "ea").exit());
    assertEquals(0, kiln("profile", "switch", "-f", recipe.toString(), "p", "eb").exit());
    // One whole switch, timed, then kills spread over that time.
    long t0 = System.nanoTime();
    Process whole = start("whole", "profile", "switch", "-f", recipe.toString(), "p", "ea");
    assertEquals(0, whole.waitFor());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    Random random = new Random(7);
    for (int i = 0; i < 4; i++) {
      Process kiln = start("switch" + i, "profile", "switch", "-f", recipe.toString(), "p", i % 2 == 0 ? "eb" : "ea");
      Thread.sleep(millis / 2 + random.nextInt((int) Math.max(1, millis / 2)));
      kill(kiln);
      String tool = Files.readString(home().resolve("profiles/p/bin/tool"));
      assertTrue(tool.equals("a\n") || tool.equals("b\n"), tool);
      assertVerified();
    }
  }

  // --- a full disk in each phase ---------------------------------------------------------------

  /**
   * Mounts a tmpfs of {@code megabytes} at {@code at}, unmounted after the test; where kiln's tests
   * may not mount (not root), the test is skipped.
   */
  private void tmpfs(Path at, int megabytes) throws Exception {
    Files.createDirectories(at);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", at.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " + said);
    mounts.add(0, at);
  }

  /** A failure kiln explains in its own words: exit 1, no Java class name, nothing half made in the store. */
  private void assertCleanFailure(Kiln.Result result, String... expected) throws Exception {
    System.out.println(result); // what users are told, for reading in the test report
    assertEquals(1, result.exit(), result.toString());
    for (String text : expected) {
      assertTrue(result.err().contains(text), "no \"" + text + "\" in\n" + result);
    }
    assertFalse(result.err().matches("(?s).*\\b(java|dev\\.kiln)\\.[a-z.]*[A-Z]\\w*(Exception|Error).*"), result.err());
    assertEquals(List.of(), entries());
    assertVerified();
  }

  @Test
  void full_disk_while_fetching() throws Exception {
    byte[] body = new byte[12 << 20];
    new Random(2).nextBytes(body);
    try (DribbleServer server = new DribbleServer("/big.bin", body)) {
      server.slow = false;
      Path recipe = recipe("""
          package "fetched", "1" do
            source "%s", sha256: "%s"
            build { sh "mkdir -p #{prefix}" }
          end
          """.formatted(server.url(), Sha256.ofBytes(body).hex()));
      tmpfs(home(), 8);
      assertCleanFailure(kiln("run", recipe.toString()), "kiln: error: could not fetch big.bin",
          server.url() + ": No space left on device");
      try (var distfiles = Files.list(home().resolve("distfiles"))) {
        assertEquals(List.of(), distfiles.toList(), "no partial download kept");
      }
    }
  }

  @Test
  void full_disk_while_unpacking() throws Exception {
    Path src = Files.createDirectories(dir.resolve("big-1"));
    sh("cd " + src + " && head -c 16M /dev/zero > zeros");
    sh("cd " + dir + " && tar -czf big-1.tar.gz big-1 && rm -r big-1");
    Path recipe = recipe("""
        package "unpacked", "1" do
          source "big-1.tar.gz", sha256: "%s", max_ratio: 100000
          build { sh "mkdir -p #{prefix}" }
        end
        """.formatted(Sha256.ofFile(dir.resolve("big-1.tar.gz")).hex()));
    tmpfs(home().resolve("tmp"), 8);
    assertCleanFailure(kiln("run", recipe.toString()), "kiln: error: big-1.tar.gz: cannot unpack: No space left on device");
  }

  @Test
  void full_disk_while_building() throws Exception {
    Path recipe = recipe("""
        package "filler", "1" do
          build { sh "mkdir -p #{prefix} && head -c 16M /dev/zero > #{prefix}/big" }
        end
        """);
    tmpfs(home().resolve("tmp"), 8);
    assertCleanFailure(kiln("run", recipe.toString()), "kiln: error: filler 1 failed to build (exit status 1)",
        "No space left on device", "kiln: error: the failed build could not be kept for kiln debug");
  }

  @Test
  void full_disk_while_committing() throws Exception {
    // The build fills the disk to the last byte and succeeds; then the records cannot be written.
    Path recipe = recipe("""
        package "filler", "1" do
          build { sh "mkdir -p #{prefix} && (head -c 16M /dev/zero > #{prefix}/big || true)" }
        end
        """);
    tmpfs(home(), 8);
    assertCleanFailure(kiln("run", recipe.toString()),
        "kiln: error: filler 1: cannot commit the output to the store: No space left on device");
  }

  // --- concurrency -----------------------------------------------------------------------------

  @Test
  void three_processes_building_one_recipe_build_each_package_once() throws Exception {
    Path recipe = recipe("""
        package "base", "1" do
          build { sh "sleep 1 && mkdir -p #{prefix} && echo base > #{prefix}/base" }
        end
        package "top", "1" do
          depends_on "base"
          build { sh "sleep 1 && mkdir -p #{prefix} && cat #{input("base")}/base > #{prefix}/top" }
        end
        """);
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(start("run" + i, "run", recipe.toString()));
    }
    StringBuilder said = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      assertTrue(runs.get(i).waitFor(120, TimeUnit.SECONDS));
      said.append(output("run" + i));
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(0, runs.get(i).exitValue(), said.toString());
    }
    assertEquals(2, said.toString().split("built in", -1).length - 1, "each package built once:\n" + said);
    assertEquals(2, entries().size(), entries().toString());
    assertVerified();
  }
}
