package dev.kiln.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void rejects_a_63_digit_string() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sha256.of(ABC.substring(1)));
    assertTrue(e.getMessage().contains("64 hex digits"), e.getMessage());
  }

  @Test
  void rejects_non_hex_digits() {
    assertThrows(IllegalArgumentException.class, () -> Sha256.of(ABC.replace('a', 'g')));
  }

  @Test
  void accepts_upper_case_and_normalises_to_lower_case() {
    assertEquals(ABC, Sha256.of(ABC.toUpperCase(java.util.Locale.ROOT)).hex());
  }

  @Test
  void hashes_strings_and_files_alike(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("abc"), "abc");
    assertEquals(ABC, Sha256.ofString("abc").hex());
    assertEquals(Sha256.of(ABC), Sha256.ofFile(file));
  }

  @Test
  void hashes_a_file_larger_than_the_buffer(@TempDir Path dir) throws Exception {
    byte[] data = new byte[(1 << 20) * 3 + 17];
    new java.util.Random(7).nextBytes(data);
    Path file = Files.write(dir.resolve("big"), data);
    assertEquals(Sha256.ofBytes(data), Sha256.ofFile(file));
  }

  /** 16 MiB and more are read on a second thread, in 4 MiB buffers: an odd size ends in a short last buffer. */
  @Test
  void hashes_a_file_read_ahead_on_another_thread(@TempDir Path dir) throws Exception {
    byte[] data = new byte[(16 << 20) + (4 << 20) * 2 + 12345];
    new java.util.Random(9).nextBytes(data);
    Path file = Files.write(dir.resolve("bigger"), data);
    assertEquals(Sha256.ofBytes(data), Sha256.ofFile(file));
  }
}
