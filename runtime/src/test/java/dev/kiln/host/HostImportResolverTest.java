package dev.kiln.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.model.HostImport;
import dev.kiln.sandbox.Mount;
import dev.kiln.sandbox.RootView;
import dev.kiln.sandbox.Sandbox;
import dev.kiln.sandbox.SandboxSpec;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostImportResolverTest {
  @TempDir Path dir;

  private static Map<String, HostEntry> resolve(String... tools) throws Exception {
    return HostImportResolver.resolve(new HostImport(List.of(tools), List.of())).stream()
        .collect(Collectors.toMap(HostEntry::path, Function.identity()));
  }

  @Test
  void a_program_comes_with_its_elf_interpreter_and_libraries() throws Exception {
    Map<String, HostEntry> sh = resolve("sh");
    assertEquals(HostEntry.Kind.SYMLINK, sh.get("/usr/bin/sh").kind());
    assertTrue(sh.keySet().stream().anyMatch(p -> p.endsWith("/libc.so.6")), sh.keySet().toString());
    assertTrue(sh.keySet().stream().anyMatch(p -> p.contains("ld-linux")), sh.keySet().toString());
  }

  @Test
  void links_through_etc_alternatives_point_at_the_real_program_relatively() throws Exception {
    HostEntry awk = resolve("awk").get("/usr/bin/awk");
    assertEquals(HostEntry.Kind.SYMLINK, awk.kind());
    assertTrue(!awk.linkTarget().startsWith("/"), awk.linkTarget());
  }

  @Test
  void a_compiler_brings_its_internal_programs() throws Exception {
    assertTrue(resolve("cc").keySet().stream().anyMatch(p -> p.endsWith("/cc1")));
  }

  @Test
  void a_compiler_brings_what_compiling_and_linking_c_needs_and_no_other_frontend() throws Exception {
    java.util.Set<String> names = resolve("gcc").keySet().stream().filter(p -> p.contains("/gcc/") || p.contains("libgcc_s"))
        .map(p -> Path.of(p).getFileName().toString()).collect(Collectors.toSet());
    for (String needed : List.of("cc1", "collect2", "crtbegin.o", "libgcc.a", "stddef.h", "libgcc_s.so",
        "libgcc_s.so.1")) {
      assertTrue(names.contains(needed), needed + " missing from " + names);
    }
    for (String other : List.of("cc1plus", "lto1", "f951", "libstdc++.a", "libasan.so", "plugin")) {
      assertTrue(!names.contains(other), other + " imported: " + names);
    }
  }

  @Test
  void a_host_below_a_root_directory_is_read_there_and_listed_at_its_host_paths() throws Exception {
    Path root = dir.resolve("host");
    Path gcc = Files.createDirectories(root.resolve("usr/lib/gcc/x86_64-linux-gnu/12"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.writeString(root.resolve("usr/bin/gcc-12"), "#!/bin/sh\n");
    root.resolve("usr/bin/gcc-12").toFile().setExecutable(true);
    Files.createDirectories(root.resolve("bin"));
    Files.createSymbolicLink(root.resolve("bin/gcc"), Path.of("../usr/bin/gcc-12"));
    for (String name : List.of("cc1", "cc1plus", "f951", "collect2", "crtend.o", "libgcc_eh.a", "libstdc++.a")) {
      Files.writeString(gcc.resolve(name), name);
    }
    List<String> paths = HostImportResolver.resolve(new HostImport(List.of("gcc"), List.of()), root).stream()
        .map(HostEntry::path).toList();
    assertEquals(List.of("/usr", "/usr/bin", "/usr/bin/gcc", "/usr/bin/gcc-12", "/usr/lib", "/usr/lib/gcc",
        "/usr/lib/gcc/x86_64-linux-gnu", "/usr/lib/gcc/x86_64-linux-gnu/12",
        "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "/usr/lib/gcc/x86_64-linux-gnu/12/collect2",
        "/usr/lib/gcc/x86_64-linux-gnu/12/crtend.o", "/usr/lib/gcc/x86_64-linux-gnu/12/libgcc_eh.a"), paths);
  }

  @Test
  void a_missing_program_is_named() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> resolve("no-such-tool-kiln"));
    assertTrue(e.getMessage().contains("no-such-tool-kiln"), e.getMessage());
  }

  @Test
  void fingerprint_is_stable_and_changes_with_the_program_set() throws Exception {
    HostImports imports = HostImports.withCache(dir.resolve("cache"));
    Path root = Path.of("/");
    var sh = imports.manifest(new HostImport(List.of("sh"), List.of()), root).fingerprint();
    assertEquals(sh, HostImports.withCache(dir.resolve("cache"))
        .manifest(new HostImport(List.of("sh"), List.of()), root).fingerprint());
    assertNotEquals(sh, imports.manifest(new HostImport(List.of("sh", "cat"), List.of()), root).fingerprint());
  }

  @Test
  void imported_programs_run_in_a_container_that_holds_nothing_of_the_host() throws Exception {
    Path seed = dir.resolve("seed");
    HostImports.copy(new HostImport(List.of("sh", "ls", "cat"), List.of()), Path.of("/"), seed);
    Path usr = dir.resolve("view/usr");
    RootView.create(usr, List.of(new RootView.Input(seed, "/kiln/store/seed")));
    SandboxSpec spec = SandboxSpec.builder()
        .mount(new Mount.ReadOnly(seed, "/kiln/store/seed"))
        .mounts(RootView.mounts(usr))
        .env("PATH", "/usr/bin")
        .command(List.of("/bin/sh", "-c", "ls /usr/bin; echo; ls /; test ! -e /etc/passwd && echo no-host-etc"));
    Sandbox.Captured run = Sandbox.capture(spec);
    assertEquals(0, run.result().exitCode(), run.output());
    assertTrue(run.output().contains("no-host-etc"), run.output());
    assertTrue(run.output().lines().anyMatch("cat"::equals), run.output());
    assertTrue(Files.isSymbolicLink(usr.resolve("bin")), "a directory only one package provides is linked whole");
  }
}
