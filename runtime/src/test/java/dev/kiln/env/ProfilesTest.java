package dev.kiln.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
  @TempDir Path dir;

  @Test
  void switch_adds_generations_rollback_goes_back_and_a_new_switch_takes_the_next_number() throws Exception {
    Store store = Store.open(dir.resolve("home"));
    String a = FakeEntries.add(store, "a", Map.of("bin/x", "a"), List.of());
    String b = FakeEntries.add(store, "b", Map.of("bin/x", "b"), List.of());
    Profiles profiles = new Profiles(store.home());
    assertEquals(1, profiles.switchTo("default", a));
    assertEquals(2, profiles.switchTo("default", b));
    assertEquals("b", Files.readString(profiles.path("default").resolve("bin/x")));
    assertEquals(List.of(new Profiles.Generation(1, a, false), new Profiles.Generation(2, b, true)), profiles.list("default"));

    assertEquals(1, profiles.rollback("default"));
    assertEquals("a", Files.readString(profiles.path("default").resolve("bin/x")));
    assertThrows(IOException.class, () -> profiles.rollback("default"), "nothing before generation 1");
    assertEquals(3, profiles.switchTo("default", b));
    assertEquals(Optional.of(3), profiles.current("default"));
    assertEquals(List.of("default"), profiles.names());
    assertEquals(List.of(a, b, b), profiles.roots());
  }
}
