package dev.kiln.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AptSourceMirrorTest {
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  @Test
  void builds_fetching_from_one_source_package_at_once_all_get_the_file() throws Exception {
    // bzip2's orig tarball, from Debian's archive through apt-get source (as CI fetches it).
    dev.kiln.hash.Sha256 orig = dev.kiln.hash.Sha256.of("ab5a03176ee106d3f0fa90e381da478ddae405918153cca248e682cd0c4a2269");
    AptSourceMirror mirror = new AptSourceMirror(dir, List.of("bzip2"));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<java.util.Optional<java.nio.file.Path>>> found = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        found.add(pool.submit(() -> mirror.find(orig, "bzip2-1.0.8.tar.gz")));
      }
      for (var f : found) {
        assertEquals(orig, dev.kiln.hash.Sha256.ofFile(f.get().orElseThrow()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

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
