package dev.kiln.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryMirrorTest {
  private static final Sha256 SHA = Sha256.ofString("zlib");

  @TempDir Path dir;

  @Test
  void finds_file_named_by_sha256_before_file_named_by_name() throws IOException {
    Files.writeString(dir.resolve(SHA.hex()), "by hash");
    Files.writeString(dir.resolve("zlib-1.3.1.tar.gz"), "by name");

    assertEquals(Optional.of(dir.resolve(SHA.hex())), new DirectoryMirror(dir).find(SHA, "zlib-1.3.1.tar.gz"));
  }

  @Test
  void finds_file_by_name_when_none_is_named_by_sha256() throws IOException {
    Files.writeString(dir.resolve("zlib-1.3.1.tar.gz"), "by name");

    assertEquals(Optional.of(dir.resolve("zlib-1.3.1.tar.gz")), new DirectoryMirror(dir).find(SHA, "zlib-1.3.1.tar.gz"));
  }

  @Test
  void absent_file_is_empty() {
    assertEquals(Optional.empty(), new DirectoryMirror(dir).find(SHA, "zlib-1.3.1.tar.gz"));
    assertEquals(Optional.empty(), new DirectoryMirror(dir.resolve("no-such-dir")).find(SHA, "zlib-1.3.1.tar.gz"));
  }

  @Test
  void file_name_cannot_reach_outside_the_directory() throws IOException {
    Path inner = Files.createDirectories(dir.resolve("inner"));
    Files.writeString(dir.resolve("secret"), "outside");

    DirectoryMirror mirror = new DirectoryMirror(inner);

    assertEquals(Optional.empty(), mirror.find(SHA, "../secret"));
    assertEquals(Optional.empty(), mirror.find(SHA, ".."));
  }

  @Test
  void describe_names_the_directory() {
    assertTrue(new DirectoryMirror(dir).describe().contains(dir.toString()));
  }
}
