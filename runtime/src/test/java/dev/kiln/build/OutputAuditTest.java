package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output trees made by hand, audited as a build of "app-1-aaaa" would be. */
class OutputAuditTest {
  private static final String SELF = "app-1-aaaa";
  private static final String LIBC = "libc-1-bbbb";
  private static final String ZLIB = "zlib-1-cccc";
  private static final List<String> SCRATCH = List.of("/build", "/tmp", "/kiln/patches");

  @TempDir Path dir;
  private Path out;
  private Path libc;
  private Path zlib;

  @BeforeEach
  void setUp() throws IOException {
    out = Files.createDirectories(dir.resolve("out"));
    libc = Files.createDirectories(dir.resolve("store").resolve(LIBC).resolve("lib"));
    Files.writeString(libc.resolve("libc.so"), "the loader and libc");
    Files.createSymbolicLink(libc.resolve("ld.so"), Path.of("/kiln/store/" + LIBC + "/lib/libc.so"));
    zlib = Files.createDirectories(dir.resolve("store").resolve(ZLIB).resolve("lib"));
    Files.writeString(zlib.resolve("libz.so.1.3"), "zlib");
    Files.createSymbolicLink(zlib.resolve("libz.so.1"), Path.of("libz.so.1.3"));
  }

  private List<String> audit(boolean hermetic) throws IOException {
    Map<String, Path> closure = Map.of(LIBC, libc.getParent(), ZLIB, zlib.getParent());
    return new OutputAudit(SELF, out, closure, hermetic, SCRATCH).run().stream().map(Object::toString).toList();
  }

  private List<String> hermetic() throws IOException {
    return audit(true);
  }

  private List<String> host() throws IOException {
    return audit(false);
  }

  private static String loader() {
    return "/kiln/store/" + LIBC + "/lib/ld.so";
  }

  @Test
  void scripts_data_symlinks_objects_and_static_programs_pass() throws IOException {
    Files.createDirectories(out.resolve("bin"));
    Files.writeString(out.resolve("bin/hello"), "#!/bin/sh\necho hello\n");
    Files.createSymbolicLink(out.resolve("bin/dangling"), Path.of("/nowhere/at/all"));
    Files.createSymbolicLink(out.resolve("bin/loop"), Path.of("loop"));
    ElfBytes.staticExecutable().writeTo(out.resolve("bin/busybox"));
    ElfBytes.executable("/lib64/ld-linux-x86-64.so.2").ofType(ElfBytes.ET_REL).writeTo(out.resolve("lib/crt1.o"));
    Files.writeString(out.resolve("lib/libc.a"), "!<arch>\n");
    Files.writeString(out.resolve("lib/musl-gcc.specs"), "%rename cpp_options old_cpp_options\n");
    Files.write(out.resolve("lib/short"), new byte[] {0x7f, 'E', 'L', 'F'});
    byte[] corrupt = ElfBytes.executable("/lib64/bad").bytes();
    corrupt[0x21] = 0x7f; // program headers past the end of the file
    Files.write(out.resolve("lib/wrapped"), wrapped(ElfBytes.executable("/lib64/bad").bytes()));
    Files.write(out.resolve("lib/corrupt"), corrupt);
    assertEquals(List.of(), hermetic());
    assertEquals(List.of(), host());
  }

  @Test
  void a_fifo_is_refused_without_opening_it() throws Exception {
    Files.createDirectories(out.resolve("var/run"));
    Process mkfifo = new ProcessBuilder("mkfifo", out.resolve("var/run/pipe").toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(10), this::host);
    assertEquals(List.of("var/run/pipe: is a fifo; a store entry holds only files, directories and symlinks"), problems);
  }

  /** Program headers at 2^32 + 64: an int cast would read the real ones at 64. */
  private static byte[] wrapped(byte[] elf) {
    elf[0x24] = 1;
    return elf;
  }

  @Test
  void devices_are_named_as_such() throws IOException {
    assumeTrue(Files.exists(Path.of("/dev/null")));
    assertEquals("a character device", OutputAudit.specialKind(Path.of("/dev/null")));
  }

  @Test
  void a_socket_is_refused() throws IOException {
    try (ServerSocketChannel socket = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(out.resolve("agent.sock")));
      assertEquals(List.of("agent.sock: is a socket; a store entry holds only files, directories and symlinks"), host());
    }
  }

  @Test
  void a_hermetic_program_must_load_with_a_loader_from_the_closure() throws IOException {
    ElfBytes.executable("/lib64/ld-linux-x86-64.so.2").writeTo(out.resolve("bin/app"));
    assertEquals(List.of("bin/app: its ELF interpreter /lib64/ld-linux-x86-64.so.2 is not in the package's run-time"
        + " closure (a hermetic stage's programs must load with a store path's loader)"), hermetic());
  }

  @Test
  void a_loader_in_a_store_path_outside_the_closure_is_refused_even_where_the_host_is_seen() throws IOException {
    ElfBytes.executable("/kiln/store/other-1-dddd/lib/ld.so").writeTo(out.resolve("bin/app"));
    assertEquals(List.of("bin/app: its ELF interpreter /kiln/store/other-1-dddd/lib/ld.so is not in the package's"
        + " run-time closure nor on the host"), host());
  }

  @Test
  void a_loader_in_the_closure_is_found_through_an_in_container_symlink() throws IOException {
    ElfBytes.executable(loader()).needing("libc.so").writeTo(out.resolve("bin/app"));
    assertEquals(List.of(), hermetic());
  }

  @Test
  void a_loader_in_the_own_output_passes() throws IOException {
    Files.createDirectories(out.resolve("lib"));
    Files.writeString(out.resolve("lib/ld.so"), "own loader");
    ElfBytes.executable("/kiln/store/" + SELF + "/lib/ld.so").writeTo(out.resolve("bin/app"));
    assertEquals(List.of(), hermetic());
  }

  @Test
  void a_loader_that_is_missing_from_a_closure_entry_is_refused() throws IOException {
    ElfBytes.executable("/kiln/store/" + LIBC + "/lib/ld-missing.so").writeTo(out.resolve("bin/app"));
    assertEquals(1, hermetic().size());
    assertTrue(hermetic().get(0).contains("ld-missing.so is not in the package's run-time closure"), hermetic().toString());
  }

  @Test
  void where_the_host_is_seen_a_host_loader_that_exists_passes_and_one_that_does_not_is_refused() throws IOException {
    Path hostLoader = Files.writeString(dir.resolve("host-ld.so"), "a host loader");
    ElfBytes.executable(hostLoader.toString()).needing("libc.so.6").writeTo(out.resolve("bin/good"));
    assertEquals(List.of(), host());
    ElfBytes.executable("/no/such/ld.so").writeTo(out.resolve("bin/bad"));
    assertEquals(List.of("bin/bad: its ELF interpreter /no/such/ld.so is not in the package's run-time closure"
        + " nor on the host"), host());
  }

  @Test
  void a_runpath_into_the_build_or_scratch_directories_is_refused() throws IOException {
    ElfBytes.sharedObject().withRunPath("/build/foo-1.0/.libs").writeTo(out.resolve("lib/libfoo.so"));
    ElfBytes.staticExecutable().withRunPath("$ORIGIN/../../../../build/lib").writeTo(out.resolve("bin/a"));
    ElfBytes.sharedObject().withRunPath("/kiln/store/" + ZLIB + "/lib:/tmp/xyz").writeTo(out.resolve("lib/libbar.so"));
    ElfBytes.sharedObject().withRunPath("$ORIGIN", "/kiln/store/" + ZLIB + "/lib", "/buildroot/lib")
        .writeTo(out.resolve("lib/libok.so"));
    assertEquals(List.of(
        "bin/a: its RUNPATH names $ORIGIN/../../../../build/lib, under /build, which is gone after the build",
        "lib/libbar.so: its RUNPATH names /tmp/xyz, under /tmp, which is gone after the build",
        "lib/libfoo.so: its RUNPATH names /build/foo-1.0/.libs, under /build, which is gone after the build"), host());
  }

  @Test
  void a_hermetic_program_finds_what_it_needs_in_its_runpath_within_the_closure() throws IOException {
    Files.createDirectories(out.resolve("lib"));
    Files.writeString(out.resolve("lib/libapp.so"), "own library");
    ElfBytes.executable(loader()).needing("libc.so", "libz.so.1", "libapp.so")
        .withRunPath("/kiln/store/" + ZLIB + "/lib", "$ORIGIN/../lib").writeTo(out.resolve("bin/app"));
    assertEquals(List.of(), hermetic());
  }

  @Test
  void a_hermetic_program_needing_a_library_outside_its_runpath_is_refused() throws IOException {
    ElfBytes.executable(loader()).needing("libc.so", "libz.so.1").withRunPath("/usr/lib").writeTo(out.resolve("bin/app"));
    ElfBytes.executable(loader()).needing("libssl.so.3").withRunPath("/kiln/store/" + ZLIB + "/lib")
        .writeTo(out.resolve("bin/tls"));
    assertEquals(List.of(
        "bin/app: it needs libz.so.1, which is in none of its RUNPATH directories in the run-time closure"
            + " (/kiln/store/" + LIBC + "/lib)",
        "bin/tls: it needs libssl.so.3, which is in none of its RUNPATH directories in the run-time closure"
            + " (/kiln/store/" + ZLIB + "/lib:/kiln/store/" + LIBC + "/lib)"), hermetic());
    assertEquals(List.of(), host(), "a stage that sees the host may find libraries there");
  }

  @Test
  void shared_objects_are_not_asked_where_their_libraries_are() throws IOException {
    ElfBytes.sharedObject().needing("libz.so.1").writeTo(out.resolve("lib/libpng.so"));
    assertEquals(List.of(), hermetic());
  }

  @Test
  void programs_compiled_by_the_host_compiler_pass_when_static_and_need_the_host_when_dynamic() throws Exception {
    Path source = Files.writeString(dir.resolve("hello.c"), "int main(void) { return 0; }\n");
    Files.createDirectories(out.resolve("bin"));
    assumeTrue(compile(source, out.resolve("bin/hello-static"), "-static"), "the host compiler links statically");
    assertEquals(List.of(), hermetic());
    assumeTrue(compile(source, out.resolve("bin/hello"), "-O0"), "the host compiler links dynamically");
    assertEquals(List.of(), host());
    List<String> problems = hermetic();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("bin/hello: its ELF interpreter /"), problems.get(0));
  }

  private static boolean compile(Path source, Path binary, String flag) throws InterruptedException {
    try {
      Process cc = new ProcessBuilder("cc", flag, "-o", binary.toString(), source.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return cc.waitFor() == 0;
    } catch (IOException noCompiler) {
      return false;
    }
  }
}
