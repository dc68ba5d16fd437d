package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locked seed, on fake hosts (directories of shell-script tools given as --host-root): nothing here
 * runs a container, so it needs no bubblewrap.
 */
class SeedLockTest {
  @TempDir Path dir;

  private static final String RECIPE = """
      stage :seed, host: true do
        host_tools "seed", %w[sh gcc make]
      end
      stage :cross, from: :seed do
        package "tool", "1.0" do
          build { sh "mkdir -p #{prefix}" }
        end
      end
      """;

  private static final String GCC_DIR = "usr/lib/gcc/x86_64-linux-gnu/12/";

  /** A host with sh, make and a gcc 12 whose internal directory also holds a C++ frontend. */
  private Path fakeHost(String name) throws Exception {
    Path host = dir.resolve(name);
    tool(host, "usr/bin/sh", "#!/bin/sh\n");
    tool(host, "usr/bin/make", "#!/bin/sh\necho make 4.3\n");
    tool(host, "usr/bin/x86_64-linux-gnu-gcc-12", "#!/bin/sh\necho gcc 12\n");
    Files.createSymbolicLink(host.resolve("usr/bin/gcc"), Path.of("x86_64-linux-gnu-gcc-12"));
    tool(host, GCC_DIR + "cc1", "cc1\n");
    tool(host, GCC_DIR + "cc1plus", "cc1plus\n");
    tool(host, GCC_DIR + "crtbegin.o", "crt\n");
    tool(host, GCC_DIR + "libgcc.a", "libgcc\n");
    tool(host, GCC_DIR + "include/stddef.h", "/* stddef */\n");
    return host;
  }

  private static void tool(Path host, String path, String content) throws Exception {
    Path file = host.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Path recipe() throws Exception {
    Path recipe = dir.resolve("recipe.rb");
    if (!Files.exists(recipe)) {
      Files.writeString(recipe, RECIPE);
    }
    return recipe;
  }

  private Kiln.Result kiln(String home, Path host, String... args) throws Exception {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args[0], "--home",
        dir.resolve(home).toString(), "--host-root=" + host));
    all.addAll(java.util.List.of(args).subList(1, args.length));
    return Kiln.run(all.toArray(String[]::new));
  }

  private Kiln.Result plan(String home, Path host) throws Exception {
    Kiln.Result r = kiln(home, host, "plan", "--store-names", "-f", recipe().toString());
    assertEquals(0, r.exit(), r.toString());
    return r;
  }

  @Test
  void the_first_plan_locks_the_seed_and_names_only_what_c_needs() throws Exception {
    Path host = fakeHost("host");
    Kiln.Result first = plan("home", host);
    Path lock = dir.resolve("recipe.lock");
    assertTrue(first.err().contains("locked the host files of seed in recipe.lock"), first.toString());
    assertEquals(1, first.err().lines().count(), "one line: " + first.err());
    String text = Files.readString(lock);
    assertTrue(text.contains("host_tools seed/seed\n  tools sh gcc make\n  include\n  fingerprint "), text);
    assertTrue(text.contains("/" + GCC_DIR + "cc1 x "), text);
    assertTrue(text.contains("/" + GCC_DIR + "include/stddef.h x "), text);
    assertTrue(text.contains("/usr/bin/gcc -> x86_64-linux-gnu-gcc-12\n"), text);
    assertFalse(text.contains("cc1plus"), "another frontend is not the seed's: " + text);
    assertEquals("", plan("home", host).err(), "once locked, planning says nothing");
  }

  @Test
  void an_unrelated_program_on_the_host_changes_no_hash() throws Exception {
    Path host = fakeHost("host");
    String before = plan("home", host).out();
    tool(host, "usr/bin/gfortran", "#!/bin/sh\n");
    tool(host, GCC_DIR + "f951", "f951\n");
    tool(host, GCC_DIR + "lto1", "lto1\n");
    Kiln.Result after = plan("home", host);
    assertEquals(before, after.out());
    assertEquals("", after.err(), "nothing the seed imports changed");
    // Not even without the lock: the seed never named those files.
    Files.delete(dir.resolve("recipe.lock"));
    assertEquals(before, plan("home", host).out());
  }

  @Test
  void a_changed_tool_changes_nothing_while_locked_and_the_lock_update_takes_it() throws Exception {
    Path host = fakeHost("host");
    String before = plan("home", host).out();
    tool(host, "usr/bin/make", "#!/bin/sh\necho make 4.4\n");

    Kiln.Result locked = plan("home", host);
    assertEquals(before, locked.out(), "the lock, not the host, decides the hashes");
    assertTrue(locked.err().contains("the host has changed since recipe.lock (seed: /usr/bin/make changed)"), locked.err());
    assertTrue(locked.err().contains("`kiln lock recipe.rb`"), locked.err());
    assertEquals(1, locked.err().lines().count(), locked.err());

    // The locked seed is not in the store: building it from this host would break the lock.
    Kiln.Result build = kiln("home", host, "build", "-f", recipe().toString(), "seed");
    assertEquals(Main.BUILD_FAILED, build.exit(), build.toString());
    assertTrue(build.err().contains("seed: the host no longer matches recipe.lock (/usr/bin/make changed)"), build.err());
    assertFalse(build.err().contains("Exception"), build.err());

    Kiln.Result update = kiln("home", host, "lock", recipe().toString());
    assertEquals(0, update.exit(), update.toString());
    assertTrue(update.err().contains("recipe.lock: seed: ") && update.err().contains("/usr/bin/make changed"), update.err());
    Kiln.Result after = plan("home", host);
    assertEquals("", after.err());
    assertNotEquals(before.lines().toList(), after.out().lines().toList());
    assertTrue(after.out().lines().allMatch(name -> !before.contains(name)), "the seed and what it builds: " + after.out());

    Kiln.Result built = kiln("home", host, "build", "-f", recipe().toString(), "seed");
    assertEquals(0, built.exit(), built.toString());
    Path records = dir.resolve("home/records");
    try (var files = Files.list(records)) {
      Path manifest = files.filter(f -> f.toString().endsWith(".host-files")).findFirst().orElseThrow();
      assertTrue(Files.readString(manifest).contains("/usr/bin/make x "), Files.readString(manifest));
    }
  }

  @Test
  void a_built_locked_seed_is_used_when_the_host_changes_and_why_names_the_files() throws Exception {
    Path host = fakeHost("host");
    assertEquals(0, kiln("home", host, "build", "-f", recipe().toString(), "seed").exit());
    tool(host, "usr/bin/make", "#!/bin/sh\necho make 4.4\n");
    Files.delete(host.resolve(GCC_DIR + "crtbegin.o"));

    Kiln.Result plan = plan("home", host);
    assertTrue(plan.err().contains("building on the locked seed"), plan.err());

    String why = repl(host, ":why seed\n:quit\n");
    assertTrue(why.contains("up to date"), why);
    assertTrue(why.contains("the host has changed since recipe.lock (`kiln lock recipe.rb` takes it"), why);
    assertTrue(why.contains("host file /usr/bin/make changed"), why);
    assertTrue(why.contains("host file /" + GCC_DIR + "crtbegin.o removed"), why);

    assertEquals(0, kiln("home", host, "lock", recipe().toString()).exit());
    why = repl(host, ":why seed\n:quit\n");
    assertTrue(why.contains("must build"), why);
    assertTrue(why.contains(": host file /usr/bin/make changed (recipe.lock)"), why);
    assertFalse(why.contains("newer kiln"), why);
  }

  @Test
  void two_homes_on_different_hosts_plan_the_same_hashes_from_one_lock() throws Exception {
    Path hostA = fakeHost("a");
    Path hostB = fakeHost("b");
    tool(hostB, "usr/bin/make", "#!/bin/sh\necho another make\n");
    tool(hostB, "usr/bin/gfortran", "#!/bin/sh\n");
    String a = plan("home-a", hostA).out();
    Kiln.Result b = plan("home-b", hostB);
    assertEquals(a, b.out(), "the lock beside the recipe decides");
    assertTrue(b.err().contains("/usr/bin/make changed"), b.err());
  }

  @Test
  void a_script_that_loads_the_recipe_builds_on_the_recipe_s_lock() throws Exception {
    Path host = fakeHost("host");
    String direct = plan("home", host).out();
    tool(host, "usr/bin/make", "#!/bin/sh\necho make 4.4\n");
    Path script = Files.writeString(dir.resolve("one-off.rb"), "load \"recipe.rb\"\n");
    Kiln.Result r = kiln("home", host, "plan", "--store-names", "-f", script.toString());
    assertEquals(direct, r.out(), r.toString());
    assertTrue(r.err().contains("since recipe.lock"), r.err());
    assertFalse(Files.exists(dir.resolve("one-off.lock")));
    assertEquals(0, kiln("home", host, "lock", script.toString()).exit());
    assertNotEquals(direct, plan("home", host).out(), "kiln lock one-off.rb updated recipe.lock");
  }

  private String repl(Path host, String script) throws Exception {
    Path log = Files.createTempFile(dir, "repl", ".log");
    Process kiln = Kiln.start(log, "repl", "--home", dir.resolve("home").toString(), "--host-root=" + host,
        recipe().toString());
    try (OutputStream in = kiln.getOutputStream()) {
      in.write(script.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(kiln.waitFor(60, TimeUnit.SECONDS), "the REPL ends at :quit");
    return Files.readString(log);
  }
}
