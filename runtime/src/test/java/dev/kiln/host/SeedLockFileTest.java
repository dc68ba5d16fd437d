package dev.kiln.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hash.Sha256;
import dev.kiln.model.HostImport;
import dev.kiln.model.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file's text and the manifest lines it holds. */
class SeedLockFileTest {
  @TempDir Path dir;

  private static HostManifest manifest(String makeContent) {
    TreeMap<String, String> entries = new TreeMap<>();
    entries.put("/usr", HostManifest.directory());
    entries.put("/usr/bin", HostManifest.directory());
    entries.put("/usr/bin/make", HostManifest.file(true, Sha256.ofString(makeContent)));
    entries.put("/usr/bin/cc", HostManifest.link("x86_64-linux-gnu-gcc-12"));
    entries.put("/usr/include/linux/types.h", HostManifest.file(false, Sha256.ofString("types")));
    return new HostManifest(entries);
  }

  @Test
  void manifest_lines_read_back_to_the_same_manifest_and_fingerprint() {
    HostManifest m = manifest("make 4.3");
    assertEquals(List.of("/usr/", "/usr/bin/", "/usr/bin/cc -> x86_64-linux-gnu-gcc-12",
        "/usr/bin/make x " + Sha256.ofString("make 4.3").hex(),
        "/usr/include/linux/types.h - " + Sha256.ofString("types").hex()), m.lines());
    assertEquals(m, HostManifest.parse(m.lines()));
    assertEquals(m.fingerprint(), HostManifest.parse(m.lines()).fingerprint());
    assertEquals(2, m.fileCount());
  }

  @Test
  void changes_name_each_file_added_removed_or_changed() {
    TreeMap<String, String> later = new TreeMap<>(manifest("make 4.4").entries());
    later.remove("/usr/include/linux/types.h");
    later.put("/usr/bin/gfortran", HostManifest.file(true, Sha256.ofString("f")));
    assertEquals(List.of("/usr/bin/gfortran added", "/usr/bin/make changed", "/usr/include/linux/types.h removed"),
        new HostManifest(later).changesSince(manifest("make 4.3")));
    assertNotEquals(manifest("make 4.3").fingerprint(), manifest("make 4.4").fingerprint());
  }

  @Test
  void a_lock_reads_back_what_was_written() throws Exception {
    Path file = SeedLock.fileFor(dir.resolve("bootstrap.rb"));
    assertEquals(dir.resolve("bootstrap.lock"), file);
    SeedLock lock = SeedLock.empty()
        .with(new SeedLock.Locked("seed/seed", new HostImport(List.of("sh", "make"), List.of("/usr/include/linux")),
            manifest("make 4.3")))
        .with(new SeedLock.Locked("other/tools", new HostImport(List.of("cc"), List.of()), manifest("x")));
    lock.write(file, "bootstrap.rb");
    String text = Files.readString(file);
    assertTrue(text.contains("\nhost_tools seed/seed\n  tools sh make\n  include /usr/include/linux\n  fingerprint "
        + manifest("make 4.3").fingerprint().hex() + "\n  /usr/\n"), text);
    assertTrue(text.contains("`kiln lock bootstrap.rb`"), text);
    assertEquals(lock, SeedLock.read(file));
  }

  @Test
  void a_hand_edited_file_line_is_named_with_its_line() throws Exception {
    Path file = dir.resolve("bootstrap.lock");
    SeedLock.empty().with(new SeedLock.Locked("seed/seed", new HostImport(List.of("make"), List.of()),
        manifest("make 4.3"))).write(file, "bootstrap.rb");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    int make = lines.indexOf(lines.stream().filter(l -> l.startsWith("  /usr/bin/make ")).findFirst().orElseThrow());
    lines.set(make, "  /usr/bin/make x " + Sha256.ofString("make 4.4").hex());
    Files.write(file, lines);
    RecipeException e = assertThrows(RecipeException.class, () -> SeedLock.read(file));
    assertTrue(e.location().toString().matches(".*bootstrap\\.lock:\\d+"), e.location().toString());
    assertTrue(e.problem().contains("fingerprint is not that of the files listed"), e.problem());

    lines.set(make, "  what is this");
    Files.write(file, lines);
    e = assertThrows(RecipeException.class, () -> SeedLock.read(file));
    assertEquals(file + ":" + (make + 1), e.location().toString());
  }

  @Test
  void a_missing_lock_is_an_empty_one() throws Exception {
    assertEquals(SeedLock.empty(), SeedLock.read(dir.resolve("none.lock")));
  }
}
