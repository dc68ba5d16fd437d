package dev.kiln.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AptSourceMirrorTest {
  @Test
  void versions_of_a_source_package_come_newest_first_without_other_packages() {
    String showsrc = """
        Package: zlib
        Binary: zlib1g, zlib1g-dev
        Version: 1:1.2.13.dfsg-1
        Files:
         abc 123 zlib_1.2.13.dfsg-1.dsc

        Package: zlib
        Version: 1:1.2.13.dfsg-1+deb12u1

        Package: zlib-ng
        Version: 2.0.0-1
        """;
    assertEquals(List.of("1:1.2.13.dfsg-1+deb12u1", "1:1.2.13.dfsg-1"), AptSourceMirror.versionsOf("zlib", showsrc));
  }
}
