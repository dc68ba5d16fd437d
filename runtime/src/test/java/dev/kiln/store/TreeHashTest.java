package dev.kiln.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kiln.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeHashTest {
  @TempDir Path dir;

  private Path tree(String name) throws Exception {
    Path root = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(root.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("share"));
    Files.writeString(root.resolve("share/data"), "data");
    Files.createSymbolicLink(root.resolve("share/link"), Path.of("data"));
    return root;
  }

  @Test
  void equal_trees_hash_alike_whatever_their_times_and_write_bits() throws Exception {
    Path a = tree("a");
    Path b = tree("b");
    Files.setLastModifiedTime(b.resolve("share/data"), FileTime.fromMillis(0));
    Files.setPosixFilePermissions(b.resolve("share/data"), PosixFilePermissions.fromString("r--r--r--"));
    assertEquals(TreeHash.of(a), TreeHash.of(b));
  }

  @Test
  void bytes_the_executable_bit_a_link_target_and_a_files_directory_each_change_the_hash() throws Exception {
    Sha256 base = TreeHash.of(tree("base"));

    Path bytes = tree("bytes");
    Files.writeString(bytes.resolve("share/data"), "date");
    assertNotEquals(base, TreeHash.of(bytes));

    Path exec = tree("exec");
    Files.setPosixFilePermissions(exec.resolve("bin/tool"), PosixFilePermissions.fromString("rw-r--r--"));
    assertNotEquals(base, TreeHash.of(exec));

    Path link = tree("link");
    Files.delete(link.resolve("share/link"));
    Files.createSymbolicLink(link.resolve("share/link"), Path.of("../bin/tool"));
    assertNotEquals(base, TreeHash.of(link));

    // "share/data" moved up to "data" beside "share": the same names and bytes in another place.
    Path moved = tree("moved");
    Files.move(moved.resolve("share/data"), moved.resolve("data"));
    Path kept = tree("kept");
    Files.delete(kept.resolve("share/data"));
    Files.writeString(kept.resolve("data"), "data");
    assertEquals(TreeHash.of(kept), TreeHash.of(moved));
    assertNotEquals(base, TreeHash.of(moved));
  }

  @Test
  void commit_records_the_hash_of_the_entry_as_it_is_in_the_store() throws Exception {
    Store store = Store.open(dir.resolve("home"));
    Path out = tree("out");
    Path entry = store.commit(out, "tool-1-0123456789abcdef0123456789abcdef");
    assertEquals(TreeHash.of(entry), store.recordedContents("tool-1-0123456789abcdef0123456789abcdef").orElseThrow());
    assertEquals(TreeHash.of(tree("again")), TreeHash.of(entry));
  }
}
