package dev.kiln.archive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostDecompressorTest {
  /** CI installs xz-utils and bzip2; only XZ Utils' xz is given a memory limit to honour. */
  @Test
  void tells_xz_utils_from_another_program() {
    Path xz = HostDecompressor.find("xz").orElseThrow();
    Path bzip2 = HostDecompressor.find("bzip2").orElseThrow();

    assertTrue(HostDecompressor.says(xz, "--version", "XZ Utils"));
    assertFalse(HostDecompressor.says(bzip2, "--version", "XZ Utils"));
    assertFalse(HostDecompressor.says(Path.of("/nonexistent/xz"), "--version", "XZ Utils"));
  }

  @Test
  void finds_nothing_that_is_not_on_the_path() {
    assertTrue(HostDecompressor.find("kiln-surely-no-such-program").isEmpty());
  }
}
