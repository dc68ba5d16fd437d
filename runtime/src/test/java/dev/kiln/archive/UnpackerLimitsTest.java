package dev.kiln.archive;

import dev.kiln.model.Sizes;
import dev.kiln.model.UnpackLimits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decompression bombs: an archive stops expanding at its caps, at once, and says which cap and how to raise it. */
class UnpackerLimitsTest {
  private static final long MIB = 1L << 20;
  private static final long TEN_GIB = 10L << 30;
  /** Long enough for a loaded machine; a bomb that is not stopped takes minutes. */
  private static final Duration QUICK = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"bomb.tar.zst", "bomb.tar.gz", "bomb.tar.xz", "bomb.tar.bz2"})
  void stops_a_ten_gib_bomb_at_max_size_naming_the_cap(String name) throws IOException {
    Path archive = TestArchive.zerosBomb(dir.resolve(name), "zeros.bin", TEN_GIB);
    Path target = Files.createDirectory(dir.resolve("out"));
    UnpackLimits limits = UnpackLimits.DEFAULT.withMaxBytes(16 * MIB).withMaxRatio(1_000_000);

    long start = System.nanoTime();
    UnpackLimitException e = assertThrows(UnpackLimitException.class,
        () -> Unpacker.unpack(archive, name, target, limits));

    assertQuick(start);
    assertEquals(name + " expands past 16 MiB (the source's max_size); raise max_size: if this is expected",
        e.getMessage());
    assertUpTo(16 * MIB, target);
  }

  /** The host's xz and bzip2 are stopped, as the Java decoders are, when the unpack stops. */
  @ParameterizedTest
  @ValueSource(strings = {"bomb.tar.xz", "bomb.tar.bz2"})
  void stops_a_bomb_decompressed_by_the_java_codecs_too(String name) throws IOException {
    Path archive = TestArchive.zerosBomb(dir.resolve(name), "zeros.bin", TEN_GIB);
    Path target = Files.createDirectory(dir.resolve("out"));

    long start = System.nanoTime();
    UnpackLimitException e = assertThrows(UnpackLimitException.class, () -> Unpacker.unpack(archive, name, target,
        UnpackLimits.DEFAULT.withMaxBytes(16 * MIB).withMaxRatio(1_000_000), false));

    assertQuick(start);
    assertTrue(e.getMessage().startsWith(name + " expands past 16 MiB (the source's max_size)"), e.getMessage());
    assertUpTo(16 * MIB, target);
  }

  /** 10 GiB of zeros compresses to a few hundred KiB of zstd: the default ratio stops it after some 64 MiB. */
  @Test
  void the_default_ratio_stops_a_ten_gib_zstd_bomb_after_a_bounded_write() throws IOException {
    Path archive = TestArchive.zerosBomb(dir.resolve("bomb.tar.zst"), "zeros.bin", TEN_GIB);
    Path target = Files.createDirectory(dir.resolve("out"));
    long bound = UnpackLimits.DEFAULT.ratioBytes(Files.size(archive));

    long start = System.nanoTime();
    UnpackLimitException e = assertThrows(UnpackLimitException.class,
        () -> Unpacker.unpack(archive, "bomb.tar.zst", target));

    assertQuick(start);
    assertTrue(e.getMessage().startsWith("bomb.tar.zst expands past "), e.getMessage());
    assertTrue(e.getMessage().contains(", more than 200 times its own "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (the source's max_ratio); raise max_ratio: if this is expected"),
        e.getMessage());
    assertTrue(bound < 128 * MIB, "the archive is small, so the bound is near the floor: " + bound);
    assertTrue(bytesUnder(target) <= bound, bytesUnder(target) + " bytes written, more than " + bound);
  }

  @Test
  void counts_many_small_files_together() throws IOException {
    Path archive = dir.resolve("many.tar.gz");
    try (TestArchive tar = TestArchive.create(archive)) {
      for (int i = 0; i < 64; i++) {
        tar.file("f" + i, 0644, new byte[256 * 1024], TestArchive.MTIME);
      }
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    UnpackLimitException e = assertThrows(UnpackLimitException.class,
        () -> Unpacker.unpack(archive, "many.tar.gz", target, UnpackLimits.DEFAULT.withMaxBytes(4 * MIB)));

    assertTrue(e.getMessage().startsWith("many.tar.gz expands past 4 MiB (the source's max_size)"), e.getMessage());
    assertUpTo(4 * MIB, target);
  }

  @Test
  void stops_a_zip_bomb_at_max_size() throws IOException {
    Path archive = dir.resolve("bomb.zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
      zip.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
      byte[] zeros = new byte[(int) MIB];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeArchiveEntry();
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    UnpackLimitException e = assertThrows(UnpackLimitException.class,
        () -> Unpacker.unpack(archive, "bomb.zip", target, UnpackLimits.DEFAULT.withMaxBytes(8 * MIB)));

    assertEquals("bomb.zip expands past 8 MiB (the source's max_size); raise max_size: if this is expected",
        e.getMessage());
    assertUpTo(8 * MIB, target);
  }

  /** 64 MiB of zeros is thousands of times its archive, but small: below the floor the ratio is not checked. */
  @Test
  void a_small_archive_may_expand_past_the_ratio_below_the_floor() throws IOException {
    Path archive = TestArchive.zerosBomb(dir.resolve("small.tar.zst"), "zeros.bin", 64 * MIB);
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacked unpacked = Unpacker.unpack(archive, "small.tar.zst", target);

    assertTrue(64 * MIB > 200 * Files.size(archive), "the archive expands more than 200 times");
    assertEquals(64 * MIB, unpacked.bytes());
    assertEquals(64 * MIB, Files.size(target.resolve("zeros.bin")));
  }

  @Test
  void a_raised_ratio_lets_a_highly_compressed_archive_through() throws IOException {
    Path archive = TestArchive.zerosBomb(dir.resolve("data.tar.zst"), "zeros.bin", 128 * MIB);
    Path target = Files.createDirectory(dir.resolve("out"));
    assertThrows(UnpackLimitException.class, () -> Unpacker.unpack(archive, "data.tar.zst",
        Files.createDirectory(dir.resolve("default"))));

    Unpacked unpacked = Unpacker.unpack(archive, "data.tar.zst", target, UnpackLimits.DEFAULT.withMaxRatio(100_000));

    assertEquals(128 * MIB, unpacked.bytes());
  }

  @Test
  void sizes_read_as_recipes_write_them_and_print_for_people() {
    assertEquals(40L << 30, UnpackLimits.parseSize("40G"));
    assertEquals(512 * MIB, UnpackLimits.parseSize("512m"));
    assertEquals(1L << 40, UnpackLimits.parseSize("1T"));
    assertEquals(65536, UnpackLimits.parseSize("65536"));
    for (String bad : new String[] {"", "G", "1.5G", "40 GB", "-1", "99999999999T"}) {
      assertThrows(IllegalArgumentException.class, () -> UnpackLimits.parseSize(bad), bad);
    }
    assertEquals("20 GiB", Sizes.format(UnpackLimits.DEFAULT_MAX_BYTES));
    assertEquals("1.5 MiB", Sizes.format(3 * MIB / 2));
    assertEquals("512 bytes", Sizes.format(512));
    assertThrows(IllegalArgumentException.class, () -> new UnpackLimits(0, 1));
  }

  private static void assertQuick(long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    assertTrue(took.compareTo(QUICK) < 0, "stopping took " + took);
  }

  /** Written: everything up to the cap but the last read that would have passed it, and nothing past it. */
  private static void assertUpTo(long cap, Path target) throws IOException {
    long written = bytesUnder(target);
    assertTrue(written <= cap && written > cap - Extractor.BUFFER_SIZE, written + " bytes written for a cap of " + cap);
  }

  private static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      long total = 0;
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(path)) {
          total += Files.size(path);
        }
      }
      return total;
    }
  }
}
