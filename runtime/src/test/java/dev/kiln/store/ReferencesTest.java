package dev.kiln.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferencesTest {
  private static final String MUSL = "musl-1.2.3-" + "0123456789abcdef0123456789abcdef";
  private static final String SEED = "seed-host-" + "fedcba9876543210fedcba9876543210";
  @TempDir Path out;

  @Test
  void finds_store_paths_in_file_contents_and_link_targets() throws Exception {
    Files.createDirectories(out.resolve("bin"));
    byte[] binary = new byte[3 << 20];
    byte[] path = ("\0/kiln/store/" + MUSL + "/lib/musl-gcc.specs\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(path, 0, binary, (1 << 20) - 20, path.length); // across a read boundary
    Files.write(out.resolve("bin/musl-gcc"), binary);
    Files.createSymbolicLink(out.resolve("bin/cc"), Path.of("/kiln/store/" + SEED + "/usr/bin/gcc"));
    assertEquals(Set.of(MUSL, SEED), References.scan(out, List.of(MUSL, SEED)));
  }

  @Test
  void a_static_binary_refers_to_nothing() throws Exception {
    Files.write(out.resolve("busybox"), new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 3});
    assertEquals(Set.of(), References.scan(out, List.of(MUSL, SEED)));
  }
}
