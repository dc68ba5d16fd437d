package dev.kiln.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.hash.Sha256;
import dev.kiln.store.Store;
import dev.kiln.store.Trees;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageArchiveTest {
  @TempDir Path dir;

  private static PackageInfo info(long size) {
    return new PackageInfo("tool", "2.0", Sha256.ofString("tool"), List.of("libc (= 1.2)"), List.of(), List.of(), size);
  }

  private Path pack(Path entry, String name) throws Exception {
    Path archive = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(archive)) {
      ArchiveWriter.write(entry, PackageArchiveTest::info, out);
    }
    return archive;
  }

  /** A tree as the store holds it: normalised, read-only. */
  private Path entry(String name) throws Exception {
    Path entry = TreeListing.sample(dir.resolve(name));
    Trees.normalise(entry, FileTime.from(Store.SOURCE_DATE_EPOCH, TimeUnit.SECONDS));
    return entry;
  }

  @Test
  void the_same_entry_packs_to_the_same_bytes_wherever_and_whenever_it_is_packed() throws Exception {
    Path a = entry("a");
    Path first = pack(a, "first.tar.zst");
    Path second = pack(a, "second.tar.zst");
    assertEquals(Sha256.ofFile(first), Sha256.ofFile(second));
    // A copy made later, elsewhere, with other mtimes, packs the same: nothing of the moment gets in.
    Path b = TreeListing.sample(dir.resolve("b"));
    Files.setLastModifiedTime(b.resolve("bin/tool"), FileTime.fromMillis(System.currentTimeMillis()));
    Trees.normalise(b, FileTime.from(Store.SOURCE_DATE_EPOCH, TimeUnit.SECONDS));
    assertEquals(Sha256.ofFile(first), Sha256.ofFile(pack(b, "third.tar.zst")));
  }

  @Test
  void members_are_sorted_owned_by_root_at_source_date_epoch_with_modes_kept() throws Exception {
    Path archive = pack(entry("a"), "a.tar.zst");
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ZstdInputStream(Files.newInputStream(archive)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        names.add(e.getName());
        assertEquals(0, e.getLongUserId(), e.getName());
        assertEquals(0, e.getLongGroupId(), e.getName());
        assertEquals("root", e.getUserName());
        assertEquals(Store.SOURCE_DATE_EPOCH, e.getLastModifiedTime().to(TimeUnit.SECONDS), e.getName());
        if (e.getName().equals("root/bin/tool")) {
          assertEquals(0555, e.getMode() & 07777, "write bits were dropped by the store, execute kept");
        }
        if (e.getName().equals("root/bin/abs")) {
          assertEquals("/kiln/store/other-1-0000/bin/x", e.getLinkName());
        }
      }
    }
    assertEquals(List.of(".kiln/meta", "root/", "root/bin/", "root/bin/abs", "root/bin/t", "root/bin/tool", "root/share/",
        "root/share/doc/", "root/share/doc/a b/", "root/share/doc/a b/READ ME%.txt", "root/share/empty"), names);
  }

  @Test
  void unpacks_to_the_same_tree_and_returns_its_metadata() throws Exception {
    Path a = entry("a");
    Path target = Files.createDirectory(dir.resolve("out"));
    PackageMeta meta = ArchiveReader.unpack(pack(a, "a.tar.zst"), "a.tar.zst", target);
    assertEquals(info(meta.info().installedSize()), meta.info());
    assertEquals("#!/bin/sh\necho hello\n".length() + "docs\n".length(), meta.info().installedSize());
    assertEquals(TreeListing.of(a), TreeListing.of(target));
  }

  @Test
  void a_member_whose_bytes_differ_from_the_manifest_is_refused() throws Exception {
    Path archive = pack(entry("a"), "a.tar.zst");
    byte[] tar = new ZstdInputStream(new ByteArrayInputStream(Files.readAllBytes(archive))).readAllBytes();
    String text = new String(tar, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("echo hello");
    assertTrue(at > 0);
    tar[at] = 'E'; // same length, tar headers untouched: only the manifest's sha256 can tell
    Files.write(archive, Zstd.compress(tar));
    Path target = Files.createDirectory(dir.resolve("out"));
    RepoFormatException e = assertThrows(RepoFormatException.class, () -> ArchiveReader.unpack(archive, "a.tar.zst", target));
    assertTrue(e.getMessage().contains("bin/tool has sha256"), e.getMessage());
  }

  @Test
  void a_truncated_archive_is_refused() throws Exception {
    Path archive = pack(entry("a"), "a.tar.zst");
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path target = Files.createDirectory(dir.resolve("out"));
    RepoFormatException e = assertThrows(RepoFormatException.class, () -> ArchiveReader.unpack(archive, "a.tar.zst", target));
    assertTrue(e.getMessage().startsWith("a.tar.zst: "), e.getMessage());
  }

  @Test
  void a_manifest_naming_a_path_outside_the_package_is_refused() {
    assertThrows(RepoFormatException.class, () -> FileRecord.parse("f 0644 1 " + "0".repeat(64) + " ../evil", "meta"));
    assertThrows(RepoFormatException.class, () -> FileRecord.parse("d 0755 /etc", "meta"));
    assertThrows(RepoFormatException.class, () -> FileRecord.parse("d 0755 a/./b", "meta"));
  }

  @Test
  void paths_with_spaces_and_percent_signs_survive_the_manifest() throws Exception {
    FileRecord record = FileRecord.file("a b/%x\tz", 0644, 3, Sha256.ofString("x"));
    assertEquals(record, FileRecord.parse(record.line(), "meta"));
    assertNotEquals(-1, record.line().indexOf("a%20b/%25x%09z"));
  }
}
