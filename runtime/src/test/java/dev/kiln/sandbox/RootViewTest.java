package dev.kiln.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootViewTest {
  @TempDir Path dir;

  private Path pkg(String name, String... files) throws Exception {
    Path root = dir.resolve("store").resolve(name);
    for (String f : files) {
      Path p = root.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, name);
    }
    return root;
  }

  private static RootView.Input in(Path pkg) {
    return new RootView.Input(pkg, "/kiln/store/" + pkg.getFileName());
  }

  @Test
  void prefix_layout_and_usr_layout_merge_into_one_usr() throws Exception {
    Path musl = pkg("musl", "bin/musl-gcc", "lib/libc.a", "include/stdio.h");
    Path seed = pkg("seed", "usr/bin/gcc", "usr/lib/x86_64-linux-gnu/libc.so.6", "usr/include/linux/kd.h");
    Path usr = dir.resolve("view/usr");
    RootView.create(usr, List.of(in(musl), in(seed)));
    assertEquals(Path.of("/kiln/store/musl/bin/musl-gcc"), Files.readSymbolicLink(usr.resolve("bin/musl-gcc")));
    assertEquals(Path.of("/kiln/store/seed/usr/bin/gcc"), Files.readSymbolicLink(usr.resolve("bin/gcc")));
    assertEquals(Path.of("/kiln/store/musl/lib/libc.a"), Files.readSymbolicLink(usr.resolve("lib/libc.a")));
    assertEquals(Path.of("/kiln/store/seed/usr/lib/x86_64-linux-gnu"), Files.readSymbolicLink(usr.resolve("lib/x86_64-linux-gnu")));
    assertEquals(Path.of("/kiln/store/seed/usr/include/linux"), Files.readSymbolicLink(usr.resolve("include/linux")));
  }

  @Test
  void earlier_inputs_win_where_two_provide_a_file() throws Exception {
    Path busybox = pkg("busybox", "bin/sh", "bin/sed");
    Path seed = pkg("seed", "usr/bin/sh", "usr/bin/gcc");
    Path usr = dir.resolve("view/usr");
    RootView.create(usr, List.of(in(busybox), in(seed)));
    assertEquals(Path.of("/kiln/store/busybox/bin/sh"), Files.readSymbolicLink(usr.resolve("bin/sh")));
    assertEquals(Path.of("/kiln/store/seed/usr/bin/gcc"), Files.readSymbolicLink(usr.resolve("bin/gcc")));
  }

  @Test
  void a_directory_only_one_input_has_is_linked_whole() throws Exception {
    Path seed = pkg("seed", "usr/lib/gcc/x86_64-linux-gnu/12/cc1", "usr/lib/gcc/x86_64-linux-gnu/12/crtbegin.o");
    Path musl = pkg("musl", "lib/libc.a");
    Path usr = dir.resolve("view/usr");
    RootView.create(usr, List.of(in(musl), in(seed)));
    assertTrue(Files.isSymbolicLink(usr.resolve("lib/gcc")));
    try (var walk = Files.walk(usr)) {
      assertEquals(4, walk.count(), "usr, usr/lib, usr/lib/libc.a, usr/lib/gcc");
    }
  }

  @Test
  void root_links_point_bin_and_lib_into_the_view() {
    List<Mount> mounts = RootView.mounts(Path.of("/v/usr"));
    assertEquals(new Mount.ReadOnly(Path.of("/v/usr"), "/usr"), mounts.get(0));
    assertTrue(mounts.contains(new Mount.Symlink("usr/bin", "/bin")));
    assertTrue(mounts.contains(new Mount.Symlink("usr/lib64", "/lib64")));
  }
}
