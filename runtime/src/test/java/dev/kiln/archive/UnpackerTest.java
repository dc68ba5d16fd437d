package dev.kiln.archive;

import dev.kiln.model.UnpackLimits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.hash.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Formats, and what survives unpacking: contents, modes, symlinks, hard links, mtimes. */
class UnpackerTest {
  private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Instant DIR_TIME = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant SCRIPT_TIME = Instant.parse("2001-01-01T00:00:00Z");
  private static final Instant README_TIME = Instant.parse("2002-02-02T02:02:02Z");
  private static final Instant PRIVATE_TIME = Instant.parse("2003-03-03T03:03:04Z");
  private static final Instant LINK_TIME = Instant.parse("2004-04-04T04:04:04Z");

  @TempDir
  Path dir;

  @Test
  void recognises_every_supported_extension_and_nothing_else() {
    for (String name : List.of("a.tar", "a.tar.gz", "a.tgz", "a.tar.bz2", "a.tbz2", "a.tar.xz", "a.txz",
        "a.tar.zst", "a.tzst", "a.zip", "BUSYBOX-1.36.1.TAR.BZ2")) {
      assertTrue(Unpacker.isArchive(name), name);
    }
    for (String name : List.of("a.gz", "a.xz", "a.c", "a.tar.gz.sig", "a.7z", "tar", "", "a.rar", "a.zst")) {
      assertFalse(Unpacker.isArchive(name), name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"src.tar", "src.tar.gz", "src.tgz", "src.tar.bz2", "src.tbz2", "src.tar.xz", "src.txz",
      "src.tar.zst", "src.tzst"})
  void preserves_contents_modes_symlinks_hard_links_and_mtimes_in_every_tar_format(String name) throws IOException {
    Path archive = dir.resolve(name);
    try (TestArchive tar = TestArchive.create(archive)) {
      writeSample(tar);
      tar.tar().hardLink("pkg/README.hard", "pkg/README");
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, name, target);

    assertSample(target);
    Path readme = target.resolve("pkg/README");
    Path hard = target.resolve("pkg/README.hard");
    assertEquals(fileKey(readme), fileKey(hard), "hard link shares the inode");
    assertEquals("read me\n", Files.readString(hard));
  }

  @Test
  void preserves_contents_modes_symlinks_and_mtimes_in_zip() throws IOException {
    Path archive = dir.resolve("src.zip");
    try (TestArchive zip = TestArchive.create(archive)) {
      writeSample(zip);
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, "src.zip", target);

    assertSample(target);
  }

  /** Info-ZIP's zip(1) is what makes most unix zips: modes in the external attributes, -y keeps symlinks. */
  @Test
  void preserves_modes_symlinks_and_mtimes_in_zip_made_by_info_zip() throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/zip")), "Info-ZIP zip is not installed");
    Path source = Files.createDirectory(dir.resolve("source"));
    makeSourceTree(source);
    Files.delete(source.resolve("pkg/README.hard")); // zip has no hard links
    Path archive = dir.resolve("info.zip");
    run(List.of("sh", "-c", "cd '" + source + "' && zip -q -r -y '" + archive + "' pkg"));
    Path ours = Files.createDirectory(dir.resolve("ours"));

    Unpacker.unpack(archive, "info.zip", ours);

    assertEquals(TreeSnapshot.of(source), TreeSnapshot.of(ours));
    assertEquals(0755, mode(ours.resolve("pkg/configure")));
    assertEquals(Path.of("../configure"), Files.readSymbolicLink(ours.resolve("pkg/private/up")));
  }

  @Test
  void zip_without_unix_modes_gets_ordinary_file_and_directory_modes() throws IOException {
    Path archive = dir.resolve("win.zip");
    try (TestArchive.Zip zip = (TestArchive.Zip) TestArchive.create(archive)) {
      zip.fileWithoutMode("docs/readme.txt", "from windows");
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, "win.zip", target);

    assertEquals("from windows", Files.readString(target.resolve("docs/readme.txt")));
    assertEquals(0644, mode(target.resolve("docs/readme.txt")));
    assertTrue(Files.isDirectory(target.resolve("docs"), NO_FOLLOW));
  }

  /** GNU tar made most real tarballs: its output must unpack to the source tree, as GNU tar itself unpacks it. */
  @Test
  void preserves_modes_symlinks_and_hard_links_in_tar_gz() throws IOException, InterruptedException {
    Path ours = unpackGnuTarArchive("gnu.tar.gz", "--format=gnu", "-z");

    assertEquals(0755, mode(ours.resolve("pkg/configure")));
    assertTrue(Files.isExecutable(ours.resolve("pkg/configure")));
    assertEquals(0644, mode(ours.resolve("pkg/README")));
    assertEquals(0600, mode(ours.resolve("pkg/private/key")));
    assertEquals(Path.of("../configure"), Files.readSymbolicLink(ours.resolve("pkg/private/up")));
    assertEquals(Path.of("not/there"), Files.readSymbolicLink(ours.resolve("pkg/dangling")));
    assertEquals(fileKey(ours.resolve("pkg/README")), fileKey(ours.resolve("pkg/README.hard")));
    assertEquals(FileTime.from(SCRIPT_TIME), mtime(ours.resolve("pkg/configure")));
    assertEquals(FileTime.from(README_TIME), mtime(ours.resolve("pkg")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pax.tar.gz:--format=posix:-z", "gnu.tar:--format=gnu:", "ustar.tar:--format=ustar:",
      "gnu.tar.bz2:--format=gnu:-j", "pax.tar.xz:--format=posix:-J", "gnu.tar.zst:--format=gnu:--zstd"})
  void matches_gnu_tar_for_every_compression_and_header_format(String spec)
      throws IOException, InterruptedException {
    String[] parts = spec.split(":", -1);

    unpackGnuTarArchive(parts[0], parts[1], parts[2]);
  }

  /**
   * Makes the sample tree, archives it with GNU tar, unpacks it with both GNU tar and the Unpacker, and checks that
   * all three trees agree on every path, mode, content, link text, mtime and hard link. Returns our tree.
   */
  private Path unpackGnuTarArchive(String name, String headerFormat, String compression)
      throws IOException, InterruptedException {
    Path source = Files.createDirectory(dir.resolve("source"));
    makeSourceTree(source);
    Path archive = dir.resolve(name);
    List<String> create = new ArrayList<>(List.of("tar", headerFormat, "--sort=name"));
    if (!compression.isEmpty()) {
      create.add(compression);
    }
    create.addAll(List.of("-C", source.toString(), "-cf", archive.toString(), "."));
    run(create);
    Path ours = Files.createDirectory(dir.resolve("ours"));
    Path theirs = Files.createDirectory(dir.resolve("theirs"));

    Unpacker.unpack(archive, name, ours);
    run(List.of("tar", "-xf", archive.toString(), "-C", theirs.toString()));

    TreeSnapshot expected = TreeSnapshot.of(source);
    assertEquals(Set.of(Set.of("pkg/README", "pkg/README.hard")), expected.hardLinkGroups());
    assertEquals(expected, TreeSnapshot.of(ours));
    assertEquals(TreeSnapshot.of(theirs), TreeSnapshot.of(ours));
    return ours;
  }

  @Test
  void directory_mtimes_survive_the_files_written_into_them_later() throws IOException {
    Path archive = dir.resolve("dirs.tar");
    try (TestArchive tar = TestArchive.create(archive)) {
      tar.directory("a", 0755, DIR_TIME).directory("a/b", 0700, DIR_TIME);
      tar.file("a/b/f", "x").file("a/g", "y").file("a/new/h", "z");
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, "dirs.tar", target);

    assertEquals(FileTime.from(DIR_TIME), mtime(target.resolve("a")));
    assertEquals(FileTime.from(DIR_TIME), mtime(target.resolve("a/b")));
    assertEquals(0700, mode(target.resolve("a/b")));
    assertEquals("z", Files.readString(target.resolve("a/new/h")));
  }

  @Test
  void later_entry_replaces_a_file_without_changing_its_earlier_hard_link() throws IOException {
    Path archive = dir.resolve("twice.tar");
    try (TestArchive tar = TestArchive.create(archive)) {
      tar.file("a", "one").tar().hardLink("b", "a").file("a", "two");
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, "twice.tar", target);

    assertEquals("two", Files.readString(target.resolve("a")));
    assertEquals("one", Files.readString(target.resolve("b")));
  }

  @Test
  void unpacks_long_names_from_pax_and_gnu_long_name_headers() throws IOException {
    String longDir = "d".repeat(120) + "/" + "e".repeat(120);
    Path archive = dir.resolve("long.tar.gz");
    try (TestArchive tar = TestArchive.create(archive)) {
      tar.file(longDir + "/pax.txt", "pax").symlink("pax-link", longDir + "/pax.txt");
      tar.tar().gnuLongNames().file(longDir + "/gnu.txt", "gnu").tar().hardLink("gnu-hard", longDir + "/gnu.txt");
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, "long.tar.gz", target);

    assertEquals("pax", Files.readString(target.resolve(longDir + "/pax.txt")));
    assertEquals("pax", Files.readString(target.resolve("pax-link")));
    assertEquals("gnu", Files.readString(target.resolve("gnu-hard")));
  }

  @Test
  void large_file_survives_many_buffer_refills_intact() throws IOException {
    byte[] content = new byte[3 * Extractor.BUFFER_SIZE + 12345];
    new Random(42).nextBytes(content);
    Path archive = dir.resolve("big.tar.zst");
    try (TestArchive tar = TestArchive.create(archive)) {
      tar.file("big.bin", 0644, content, TestArchive.MTIME);
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, "big.tar.zst", target);

    assertEquals(Sha256.ofBytes(content), Sha256.ofFile(target.resolve("big.bin")));
  }

  /**
   * Small files are written on worker threads straight out of the read-ahead chunks, which are reused once every
   * file lent from them is written: ~30 MB of distinct contents pass through the same few arrays many times over.
   */
  @Test
  void small_files_keep_their_own_contents_while_read_ahead_chunks_are_reused() throws IOException {
    Random random = new Random(7);
    List<byte[]> contents = new ArrayList<>();
    Path archive = dir.resolve("many.tar.zst");
    try (TestArchive tar = TestArchive.create(archive)) {
      for (int i = 0; i < 2500; i++) {
        byte[] content = new byte[random.nextInt(24 * 1024)];
        random.nextBytes(content);
        contents.add(content);
        tar.file("d" + i % 7 + "/f" + i, 0644, content, TestArchive.MTIME);
      }
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, "many.tar.zst", target);

    for (int i = 0; i < contents.size(); i++) {
      byte[] unpacked = Files.readAllBytes(target.resolve("d" + i % 7 + "/f" + i));
      assertTrue(Arrays.equals(contents.get(i), unpacked), "f" + i + " differs from its entry");
    }
  }

  /** Parallel compressors (pbzip2, pzstd, pigz -i) write several members back to back; all are one archive. */
  @ParameterizedTest
  @ValueSource(strings = {"multi.tar.gz", "multi.tar.bz2", "multi.tar.xz", "multi.tar.zst"})
  void unpacks_archives_compressed_as_several_concatenated_streams(String name) throws IOException {
    Path plain = dir.resolve("plain.tar");
    try (TestArchive tar = TestArchive.create(plain)) {
      tar.file("first.txt", "first").file("second.txt", "x".repeat(5000)).file("third.txt", "third");
    }
    byte[] tar = Files.readAllBytes(plain);
    Path archive = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(archive)) {
      for (byte[] part : List.of(Arrays.copyOfRange(tar, 0, 1500), Arrays.copyOfRange(tar, 1500, tar.length))) {
        try (OutputStream member = TestArchive.Tar.compress(new NonClosing(out), name)) {
          member.write(part);
        }
      }
    }
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(archive, name, target);

    assertEquals("third", Files.readString(target.resolve("third.txt")));
  }

  /** Lets one compressor finish its member without closing the file the next member goes to. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** The store keeps downloads under their digest, so only the logical name can tell the format. */
  @Test
  void chooses_the_format_by_logical_name_not_the_name_on_disk() throws IOException {
    Path made = dir.resolve("made.tar.xz");
    try (TestArchive tar = TestArchive.create(made)) {
      tar.file("hello.txt", "hello");
    }
    Path stored = Files.move(made, dir.resolve(Sha256.ofFile(made).hex()));
    Path target = Files.createDirectory(dir.resolve("out"));

    Unpacker.unpack(stored, "hello-1.0.tar.xz", target);

    assertEquals("hello", Files.readString(target.resolve("hello.txt")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"junk.tar", "junk.tar.gz", "junk.tar.bz2", "junk.tar.xz", "junk.tar.zst", "junk.zip"})
  void rejects_corrupt_archive_with_clear_error(String name) throws IOException {
    byte[] junk = new byte[8192];
    new Random(7).nextBytes(junk);
    Path archive = Files.write(dir.resolve(name), junk);
    Path target = Files.createDirectory(dir.resolve("out"));

    IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(archive, name, target));

    assertFalse(e instanceof UnsafeArchiveException, e.toString());
    assertTrue(e.getMessage().startsWith(name + ": cannot unpack: "), e.getMessage());
    assertNoClassName(e.getMessage());
    assertEquals(List.of(), TreeSnapshot.of(target).names());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cut.tar", "cut.tar.gz", "cut.tar.bz2", "cut.tar.xz", "cut.tar.zst", "cut.zip"})
  void rejects_truncated_archive_with_clear_error(String name) throws IOException {
    byte[] noise = new byte[256 * 1024];
    new Random(3).nextBytes(noise);
    Path whole = dir.resolve("whole-" + name);
    try (TestArchive archive = TestArchive.create(whole)) {
      archive.file("noise.bin", 0644, noise, TestArchive.MTIME).file("after.txt", "after");
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve(name), Arrays.copyOf(bytes, bytes.length / 2));
    Path target = Files.createDirectory(dir.resolve("out"));

    IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(cut, name, target));

    assertFalse(e instanceof UnsafeArchiveException, e.toString());
    assertTrue(e.getMessage().startsWith(name + ": cannot unpack: "), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertNoClassName(e.getMessage());
  }

  /** What reaches a person from the archive layer says what happened in words, never a Java class name. */
  static void assertNoClassName(String message) {
    assertFalse(message.matches("(?s).*[A-Z][A-Za-z]*(Exception|Error).*"), message);
  }

  /** GNU tar writes a time octal digits cannot hold (after March 2242) in base-256. */
  @Test
  void reads_base_256_numbers_as_gnu_tar_writes_them() throws IOException, InterruptedException {
    Path source = Files.createDirectory(dir.resolve("source"));
    Path file = Files.writeString(source.resolve("future.txt"), "later");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2250-01-01T00:00:00Z")));
    Path archive = dir.resolve("future.tar");
    run(List.of("tar", "--format=gnu", "-C", source.toString(), "-cf", archive.toString(), "future.txt"));
    Path ours = Files.createDirectory(dir.resolve("ours"));

    Unpacker.unpack(archive, "future.tar", ours);

    assertEquals("later", Files.readString(ours.resolve("future.txt")));
    assertEquals(FileTime.from(Instant.parse("2250-01-01T00:00:00Z")), mtime(ours.resolve("future.txt")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gnu", "posix"})
  void refuses_sparse_entries_by_name(String format) throws IOException, InterruptedException {
    Path source = Files.createDirectory(dir.resolve("source"));
    try (var out = java.nio.channels.FileChannel.open(source.resolve("holes.img"),
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
      out.write(java.nio.ByteBuffer.wrap("end".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 1 << 20);
    }
    Path archive = dir.resolve("sparse.tar");
    run(List.of("tar", "--format=" + format, "--sparse", "-C", source.toString(), "-cf", archive.toString(),
        "holes.img"));
    Path ours = Files.createDirectory(dir.resolve("ours"));

    IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(archive, "sparse.tar", ours));

    assertTrue(e.getMessage().contains("'holes.img' is a sparse file"), e.getMessage());
  }

  /** xz and bzip2 archives go through the host's own tools when it has them; the Java codecs stand in otherwise. */
  @ParameterizedTest
  @ValueSource(strings = {"pax.tar.xz:-J", "gnu.tar.bz2:-j"})
  void java_codecs_unpack_what_the_host_tools_unpack(String spec) throws IOException, InterruptedException {
    String[] parts = spec.split(":");
    Path source = Files.createDirectory(dir.resolve("source"));
    makeSourceTree(source);
    Path archive = dir.resolve(parts[0]);
    run(List.of("tar", "--sort=name", parts[1], "-C", source.toString(), "-cf", archive.toString(), "."));
    Path host = Files.createDirectory(dir.resolve("host"));
    Path java = Files.createDirectory(dir.resolve("java"));

    Unpacker.unpack(archive, parts[0], host, UnpackLimits.DEFAULT, true);
    Unpacker.unpack(archive, parts[0], java, UnpackLimits.DEFAULT, false);

    assertEquals(TreeSnapshot.of(source), TreeSnapshot.of(host));
    assertEquals(TreeSnapshot.of(host), TreeSnapshot.of(java));
  }

  @ParameterizedTest
  @ValueSource(strings = {"junk.tar.xz", "junk.tar.bz2"})
  void corrupt_archive_fails_the_same_with_host_tools_and_java_codecs(String name) throws IOException {
    byte[] junk = new byte[8192];
    new Random(11).nextBytes(junk);
    Path archive = Files.write(dir.resolve(name), junk);
    Path host = Files.createDirectory(dir.resolve("host"));
    Path java = Files.createDirectory(dir.resolve("java"));

    IOException byHost = assertThrows(IOException.class, () -> Unpacker.unpack(archive, name, host, UnpackLimits.DEFAULT, true));
    IOException byJava = assertThrows(IOException.class, () -> Unpacker.unpack(archive, name, java, UnpackLimits.DEFAULT, false));

    String tool = name.endsWith(".xz") ? "xz" : "bzip2";
    assertTrue(byHost.getMessage().startsWith(name + ": cannot unpack: the archive is corrupt or truncated: " + tool
        + " failed (exit status"),
        byHost.getMessage());
    assertTrue(byJava.getMessage().startsWith(name + ": cannot unpack: "), byJava.getMessage());
    assertNoClassName(byHost.getMessage());
    assertNoClassName(byJava.getMessage());
    assertEquals(List.of(), TreeSnapshot.of(host).names());
    assertEquals(List.of(), TreeSnapshot.of(java).names());
  }

  /** Commons Compress alone would take a header cut short for the end of the archive and report success. */
  @Test
  void rejects_plain_tar_cut_inside_a_header() throws IOException {
    Path whole = dir.resolve("whole.tar");
    try (TestArchive tar = TestArchive.create(whole)) {
      tar.file("a.txt", "a").file("b.txt", "b").file("c.txt", "c");
    }
    Path cut = Files.write(dir.resolve("cut.tar"), Arrays.copyOf(Files.readAllBytes(whole), 2 * 512 + 100));
    Path target = Files.createDirectory(dir.resolve("out"));

    IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(cut, "cut.tar", target));

    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void rejects_a_name_without_a_supported_extension() throws IOException {
    Path archive = Files.writeString(dir.resolve("notes.txt"), "not an archive");
    Path target = Files.createDirectory(dir.resolve("out"));

    IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(archive, "notes.txt", target));

    assertTrue(e.getMessage().startsWith("notes.txt: not a supported archive"), e.getMessage());
  }

  @Test
  void rejects_a_target_that_is_not_an_existing_directory() throws IOException {
    Path archive = dir.resolve("a.tar");
    try (TestArchive tar = TestArchive.create(archive)) {
      tar.file("f", "x");
    }

    IOException e = assertThrows(IOException.class, () -> Unpacker.unpack(archive, "a.tar", dir.resolve("none")));

    assertInstanceOf(NotDirectoryException.class, e);
  }

  /** The same tree in any format; tar adds a hard link on top. */
  private static void writeSample(TestArchive archive) throws IOException {
    archive.directory("pkg", 0755, DIR_TIME);
    archive.file("pkg/configure", 0755, bytes("#!/bin/sh\necho configured\n"), SCRIPT_TIME);
    archive.file("pkg/README", 0644, bytes("read me\n"), README_TIME);
    archive.directory("pkg/private", 0750, PRIVATE_TIME);
    archive.file("pkg/private/key", 04600, bytes("secret"), PRIVATE_TIME);
    archive.symlink("pkg/link", "README", LINK_TIME);
    archive.symlink("pkg/private/up", "../configure", LINK_TIME);
  }

  private static void assertSample(Path target) throws IOException {
    Path pkg = target.resolve("pkg");
    assertEquals("#!/bin/sh\necho configured\n", Files.readString(pkg.resolve("configure")));
    assertEquals(0755, mode(pkg.resolve("configure")));
    assertTrue(Files.isExecutable(pkg.resolve("configure")));
    assertEquals(0644, mode(pkg.resolve("README")));
    assertEquals(0600, mode(pkg.resolve("private/key")), "setuid dropped");
    assertEquals(0750, mode(pkg.resolve("private")));
    assertEquals(0755, mode(pkg));
    assertEquals(Path.of("README"), Files.readSymbolicLink(pkg.resolve("link")));
    assertEquals(Path.of("../configure"), Files.readSymbolicLink(pkg.resolve("private/up")));
    assertEquals("read me\n", Files.readString(pkg.resolve("link")));
    assertEquals(FileTime.from(SCRIPT_TIME), mtime(pkg.resolve("configure")));
    assertEquals(FileTime.from(README_TIME), mtime(pkg.resolve("README")));
    assertEquals(FileTime.from(LINK_TIME), mtime(pkg.resolve("link")));
    assertEquals(FileTime.from(PRIVATE_TIME), mtime(pkg.resolve("private")));
    assertEquals(FileTime.from(DIR_TIME), mtime(pkg));
  }

  /** A tree with every kind GNU tar records, each with its own mode and an mtime in the past. */
  private static void makeSourceTree(Path source) throws IOException {
    Path pkg = Files.createDirectory(source.resolve("pkg"));
    Path configure = Files.writeString(pkg.resolve("configure"), "#!/bin/sh\necho configured\n");
    Path readme = Files.writeString(pkg.resolve("README"), "read me\n");
    Path hard = Files.createLink(pkg.resolve("README.hard"), readme);
    Path privateDir = Files.createDirectory(pkg.resolve("private"));
    Path key = Files.writeString(privateDir.resolve("key"), "secret");
    Path empty = Files.createDirectory(pkg.resolve("empty"));
    Path link = Files.createSymbolicLink(pkg.resolve("link"), Path.of("README"));
    Path up = Files.createSymbolicLink(privateDir.resolve("up"), Path.of("../configure"));
    Path dangling = Files.createSymbolicLink(pkg.resolve("dangling"), Path.of("not/there"));
    Files.setPosixFilePermissions(configure, Metadata.permissions(0755));
    Files.setPosixFilePermissions(readme, Metadata.permissions(0644));
    Files.setPosixFilePermissions(key, Metadata.permissions(0600));
    Files.setPosixFilePermissions(privateDir, Metadata.permissions(0750));
    Files.setPosixFilePermissions(empty, Metadata.permissions(0755));
    Files.setPosixFilePermissions(pkg, Metadata.permissions(0755));
    for (Path path : List.of(configure, hard, key, link, up, dangling, empty, privateDir, pkg)) {
      FileTime time = FileTime.from(path == configure ? SCRIPT_TIME : README_TIME);
      Metadata.setTimes(path, time, time);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static int mode(Path path) throws IOException {
    return TreeSnapshot.mode(Files.getPosixFilePermissions(path, NO_FOLLOW));
  }

  static FileTime mtime(Path path) throws IOException {
    return Files.getLastModifiedTime(path, NO_FOLLOW);
  }

  static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW).fileKey();
  }
}
