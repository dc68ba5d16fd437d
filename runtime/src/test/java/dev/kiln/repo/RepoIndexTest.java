package dev.kiln.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepoIndexTest {
  static IndexEntry entry(String name, String version, List<String> depends) {
    Sha256 hash = Sha256.ofString(name + version + depends);
    PackageInfo info = new PackageInfo(name, version, hash, depends, List.of("virtual-" + name), List.of(), 42);
    return new IndexEntry(info, "packages/" + info.storeName() + ".tar.zst", 1000, Sha256.ofString("archive " + name + version));
  }

  @Test
  void renders_opkg_style_stanzas_and_parses_them_back() throws Exception {
    RepoIndex index = RepoIndex.of(List.of(entry("tool", "2.0", List.of("libc (= 1.2)", "zlib")), entry("libc", "1.2", List.of())));
    String text = new String(index.render(), StandardCharsets.UTF_8);
    assertTrue(text.startsWith("Package: libc\nVersion: 1.2\nHash: "), text);
    assertTrue(text.contains("\nDepends: libc (= 1.2), zlib\nProvides: virtual-tool\nInstalled-Size: 42\n"
        + "Filename: packages/tool-2.0-"), text);
    assertTrue(text.contains("\nSize: 1000\nSHA256: "), text);
    RepoIndex parsed = RepoIndex.parse(index.render(), "Packages");
    assertEquals(index.entries(), parsed.entries());
    assertArrayEquals(index.render(), parsed.render());
  }

  @Test
  void keeps_every_version_of_a_package_for_a_solver_and_finds_builds_by_hash() throws Exception {
    IndexEntry old = entry("tool", "1.9", List.of());
    IndexEntry current = entry("tool", "2.0", List.of());
    IndexEntry rebuilt = entry("tool", "2.0", List.of("libc (= 1.2)"));
    RepoIndex index = RepoIndex.empty().with(List.of(current)).with(List.of(old, rebuilt)).with(List.of(current));
    assertEquals(3, index.size());
    assertEquals(3, index.versionsOf("tool").size());
    assertEquals(List.of(), index.versionsOf("ghost"));
    assertEquals(rebuilt, index.byHash(rebuilt.info().hash()).orElseThrow());
    assertTrue(index.byHash(Sha256.ofString("nothing")).isEmpty());
  }

  @Test
  void a_truncated_index_is_refused() {
    byte[] bytes = RepoIndex.of(List.of(entry("tool", "2.0", List.of()))).render();
    RepoFormatException midLine = assertThrows(RepoFormatException.class,
        () -> RepoIndex.parse(Arrays.copyOf(bytes, bytes.length - 10), "Packages"));
    assertTrue(midLine.getMessage().contains("Packages: does not end with a newline; it is truncated"), midLine.getMessage());
    String text = new String(bytes, StandardCharsets.UTF_8);
    byte[] lostFields = text.substring(0, text.indexOf("Filename:")).getBytes(StandardCharsets.UTF_8);
    RepoFormatException e = assertThrows(RepoFormatException.class, () -> RepoIndex.parse(lostFields, "Packages"));
    assertTrue(e.getMessage().contains("Packages:1: entry has no Filename field"), e.getMessage());
  }

  @Test
  void a_filename_reaching_outside_the_repo_is_refused() {
    String text = new String(RepoIndex.of(List.of(entry("tool", "2.0", List.of()))).render(), StandardCharsets.UTF_8);
    for (String bad : List.of("../../etc/passwd", "/etc/passwd", "http://evil/x.tar.zst", "packages/../x", "a//b")) {
      String hostile = text.replaceAll("Filename: .*", "Filename: " + bad);
      RepoFormatException e = assertThrows(RepoFormatException.class,
          () -> RepoIndex.parse(hostile.getBytes(StandardCharsets.UTF_8), "Packages"), bad);
      assertTrue(e.getMessage().contains("Filename"), e.getMessage());
    }
  }

  @Test
  void malformed_lines_name_the_file_and_line() {
    RepoFormatException e = assertThrows(RepoFormatException.class,
        () -> RepoIndex.parse("Package: a\nthis is not a field\n".getBytes(StandardCharsets.UTF_8), "repo/Packages"));
    assertEquals("repo/Packages:2: expected \"Field: value\", got \"this is not a field\"", e.getMessage());
  }
}
