package dev.kiln.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import dev.kiln.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentsTest {
  @TempDir Path dir;

  private static final SourceLocation AT = new SourceLocation("recipe.rb", 7);

  @Test
  void an_env_links_every_file_of_the_closure_relatively_and_is_named_by_its_inputs() throws Exception {
    Store store = Store.open(dir.resolve("home"));
    String libc = FakeEntries.add(store, "libc", Map.of("lib/libc.so", "libc"), List.of());
    String tool = FakeEntries.add(store, "tool", Map.of("bin/tool", "#!" + store.entry(libc), "share/doc/tool/README", "doc"),
        List.of(libc));
    String env = Environments.build(store, "base", List.of(tool), Set.of(), AT);
    Path root = store.entry(env);
    assertTrue(env.startsWith("base-env-"), env);
    assertEquals(Path.of("../../" + tool + "/bin/tool"), Files.readSymbolicLink(root.resolve("bin/tool")));
    assertEquals("libc", Files.readString(root.resolve("lib/libc.so")), "the run-time closure is linked too");
    assertEquals("doc", Files.readString(root.resolve("share/doc/tool/README")));
    assertTrue(Files.isDirectory(root.resolve("share/doc"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "directories are real");
    assertEquals(Set.of(tool, libc), Set.copyOf(store.references(env)));
    assertEquals(env, Environments.build(store, "base", List.of(tool), Set.of(), AT), "the same inputs, the same entry");
    assertNotEquals(env, Environments.build(store, "base", List.of(libc), Set.of(), AT));
  }

  @Test
  void two_packages_providing_one_file_is_an_error_naming_both_unless_one_wins() throws Exception {
    Store store = Store.open(dir.resolve("home"));
    String busybox = FakeEntries.add(store, "busybox", Map.of("bin/sh", "busybox sh", "bin/ls", "busybox ls"), List.of());
    String dash = FakeEntries.add(store, "dash", Map.of("bin/sh", "dash"), List.of());
    RecipeException e = assertThrows(RecipeException.class,
        () -> Environments.build(store, "base", List.of(busybox, dash), Set.of(), AT));
    assertEquals("env \"base\": bin/sh is provided by both busybox 1 and dash 1", e.problem());
    assertEquals(AT, e.location());
    assertTrue(e.hint().orElseThrow().contains("wins: \"dash\""), e.hint().toString());
    try (var tmp = Files.list(store.home().resolve("tmp"))) {
      assertEquals(0, tmp.count(), "the failed forest was removed");
    }

    String env = Environments.build(store, "base", List.of(busybox, dash), Set.of(dash), AT);
    assertEquals("dash", Files.readString(store.entry(env).resolve("bin/sh")));
    assertEquals("busybox ls", Files.readString(store.entry(env).resolve("bin/ls")));
    String other = Environments.build(store, "base", List.of(busybox, dash), Set.of(busybox), AT);
    assertEquals("busybox sh", Files.readString(store.entry(other).resolve("bin/sh")));
  }
}
