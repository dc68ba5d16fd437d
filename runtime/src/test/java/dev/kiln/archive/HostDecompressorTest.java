package dev.kiln.archive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.host.HostPrograms;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostDecompressorTest {
  /** CI installs xz-utils and bzip2; only XZ Utils' xz is given a memory limit to honour. */
  @Test
  void tells_xz_utils_from_another_program() {
    Path xz = HostPrograms.find("xz").orElseThrow();
    Path bzip2 = HostPrograms.find("bzip2").orElseThrow();

    assertTrue(HostDecompressor.says(xz, "--version", "XZ Utils"));
    assertFalse(HostDecompressor.says(bzip2, "--version", "XZ Utils"));
    assertFalse(HostDecompressor.says(Path.of("/nonexistent/xz"), "--version", "XZ Utils"));
  }

  @Test
  void finds_nothing_the_host_does_not_have() {
    assertTrue(HostPrograms.find("kiln-surely-no-such-program").isEmpty());
  }
}
