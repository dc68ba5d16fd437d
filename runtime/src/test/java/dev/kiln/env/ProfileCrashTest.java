package dev.kiln.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile switch killed with SIGKILL at random points always leaves the profile on a complete
 * generation: a child JVM switches between two environments in a loop and is killed, many times.
 */
class ProfileCrashTest {
  private static final int KILLS = 25;

  @TempDir Path dir;

  @Test
  void sigkill_at_random_points_of_switching_leaves_the_profile_on_a_whole_generation() throws Exception {
    Store store = Store.open(dir.resolve("home"));
    Map<String, String> files = Map.of("bin/tool", "tool", "share/data", "data", "lib/libx.so", "lib");
    String a = Environments.build(store, "a", List.of(FakeEntries.add(store, "pa", files, List.of())), Set.of(), null);
    String b = Environments.build(store, "b", List.of(FakeEntries.add(store, "pb", files, List.of())), Set.of(), null);
    Profiles profiles = new Profiles(store.home());
    profiles.switchTo("p", a);
    Random random = new Random(4);
    for (int i = 0; i < KILLS; i++) {
      Process switcher = start(store.home(), a, b);
      // Let it switch for a random while (0-40 ms after it is up), then kill it without warning.
      Thread.sleep(random.nextInt(40));
      switcher.destroyForcibly();
      assertTrue(switcher.waitFor(30, TimeUnit.SECONDS));
      assertWhole(profiles, store, Set.of(a, b));
    }
    assertTrue(profiles.current("p").orElseThrow() > 1, "the switcher did switch");
  }

  private static void assertWhole(Profiles profiles, Store store, Set<String> envs) throws Exception {
    Path resolved = profiles.path("p").toRealPath();
    assertTrue(envs.contains(resolved.getFileName().toString()), "the profile points at " + resolved);
    assertEquals(store.entry(resolved.getFileName().toString()).toRealPath(), resolved);
    Path profile = profiles.path("p");
    assertEquals("tool", Files.readString(profile.resolve("bin/tool")));
    assertEquals("data", Files.readString(profile.resolve("share/data")));
    assertEquals("lib", Files.readString(profile.resolve("lib/libx.so")));
    List<Profiles.Generation> gens = profiles.list("p");
    assertEquals(1, gens.stream().filter(Profiles.Generation::current).count(), gens.toString());
  }

  /** Starts the switcher and waits until it is switching. */
  private static Process start(Path home, String a, String b) throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ProfileSwitcher.class.getName(), home.toString(), "p", a, b));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("switching", out.readLine());
    return p;
  }
}
