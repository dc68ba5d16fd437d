package dev.kiln.archive;

import static dev.kiln.archive.UnpackerTest.mode;
import static dev.kiln.archive.UnpackerTest.mtime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile archives. Every test checks, besides the outcome, that nothing outside the target changed: escapes are
 * aimed at the temporary root around the target (see {@link TargetLayout}), so a missed one would show up there.
 */
class UnpackerSecurityTest {
  private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String OUTSIDE = "would land outside the target directory";

  @TempDir
  Path root;

  private TargetLayout box;

  @BeforeEach
  void setUp() throws IOException {
    box = new TargetLayout(root);
  }

  // ---- entry names ----

  @ParameterizedTest
  @ValueSource(strings = {"../evil", "./../evil", "a/../../evil", "a/b/../../../evil", "../../outside/evil",
      "../target-sibling/evil", ".."})
  void refuses_entry_with_dot_dot_escaping_target(String name) throws IOException {
    Path archive = archive("escape.tar.gz", a -> a.file("ok.txt", "fine").file(name, "evil"));

    UnsafeArchiveException e = refused(archive);

    assertEquals(name, e.entryName());
    assertEquals(OUTSIDE, e.reason());
    assertEquals("fine", Files.readString(box.target.resolve("ok.txt")), "entries before the bad one stay");
    assertFalse(Files.exists(root.resolve("work/evil")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"directory", "symlink", "hard link"})
  void refuses_dot_dot_escaping_target_for_every_entry_kind(String kind) throws IOException {
    Path archive = archive("escape.tar", a -> {
      a.file("f", "x");
      switch (kind) {
        case "directory" -> a.directory("../evil");
        case "symlink" -> a.symlink("../evil", "target/f");
        default -> a.tar().hardLink("../evil", "f");
      }
    });

    assertEquals(OUTSIDE, refused(archive).reason());
    assertFalse(Files.exists(root.resolve("work/evil"), NO_FOLLOW));
  }

  @Test
  void refuses_absolute_entry_name() throws IOException {
    String name = box.outside.resolve("evil").toString();
    Path archive = archive("absolute.tar.xz", a -> a.file(name, "evil"));

    UnsafeArchiveException e = refused(archive);

    assertEquals(name, e.entryName());
    assertEquals("has an absolute path", e.reason());
    assertFalse(Files.exists(box.outside.resolve("evil")));
  }

  @Test
  void refusal_message_names_the_archive_the_entry_and_the_reason() throws IOException {
    Path archive = archive("busybox-1.36.1.tar.bz2", a -> a.file("../evil", "evil"));

    UnsafeArchiveException e = refused(archive);

    assertEquals("busybox-1.36.1.tar.bz2: entry '../evil' would land outside the target directory; refused",
        e.getMessage());
    assertEquals("busybox-1.36.1.tar.bz2", e.archiveName());
  }

  @Test
  void accepts_dot_slash_prefixes_and_dot_dot_that_stays_inside() throws IOException {
    Path archive = archive("fine.tar", a -> a.directory("./").file("./a.txt", "a").file("x/../b.txt", "b")
        .file(".//c/./d.txt", "d").file("c/e/../../e.txt", "e"));

    unpacked(archive);

    assertEquals(List.of("a.txt", "b.txt", "c", "c/d.txt", "e.txt"), TreeSnapshot.of(box.target).names());
    assertEquals("b", Files.readString(box.target.resolve("b.txt")));
  }

  @Test
  void refuses_file_entry_naming_the_target_itself() throws IOException {
    Path archive = archive("dot.tar", a -> a.file(".", "clobber"));

    assertEquals("names the target directory itself", refused(archive).reason());
  }

  /** "./" is in every `tar -C dir .` archive; the target belongs to the caller, so its mode and mtime stay. */
  @Test
  void leaves_the_target_directory_own_mode_and_mtime_alone() throws IOException {
    FileTime before = mtime(box.target);
    int modeBefore = mode(box.target);
    Path archive = archive("root.tar", a -> a.directory("./", 0500, TestArchive.MTIME));

    unpacked(archive);

    assertEquals(before, mtime(box.target));
    assertEquals(modeBefore, mode(box.target));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pax", "gnu"})
  void refuses_escaping_name_carried_in_a_long_name_header(String headers) throws IOException {
    String name = "../" + "x".repeat(150) + "/evil";
    Path archive = archive("long.tar.gz", a -> {
      TestArchive.Tar tar = headers.equals("gnu") ? a.tar().gnuLongNames() : a.tar();
      tar.file(name, "evil");
    });

    UnsafeArchiveException e = refused(archive);

    assertEquals(name, e.entryName());
    assertFalse(Files.exists(root.resolve("work/" + "x".repeat(150))));
  }

  @Test
  void refuses_zip_entry_with_dot_dot_escaping_target() throws IOException {
    Path archive = archive("escape.zip", a -> a.file("ok.txt", "fine").file("../../outside/evil", "evil"));

    assertEquals(OUTSIDE, refused(archive).reason());
    assertFalse(Files.exists(box.outside.resolve("evil")));
  }

  @Test
  void refuses_absolute_zip_entry_name() throws IOException {
    Path archive = archive("absolute.zip", a -> a.file(box.outside.resolve("evil").toString(), "evil"));

    assertEquals("has an absolute path", refused(archive).reason());
  }

  // ---- symlinks ----

  @ParameterizedTest
  @ValueSource(strings = {"l=..", "l=../x", "l=../../outside/sentinel.txt", "l=./../x", "l=sub/../../x",
      "a/b/l=../../../x", "a/b/l=../../.."})
  void refuses_symlink_pointing_outside(String spec) throws IOException {
    String[] parts = spec.split("=");
    Path archive = archive("links.tar.gz", a -> a.directory("sub").symlink(parts[0], parts[1]));

    UnsafeArchiveException e = refused(archive);

    assertEquals(parts[0], e.entryName());
    assertTrue(e.reason().contains("points outside the target directory"), e.reason());
    assertFalse(Files.exists(box.target.resolve(parts[0]), NO_FOLLOW));
  }

  /**
   * Real tarballs (a copy of /usr/include, say) hold links into /etc/alternatives and the like: they are kept as
   * GNU tar and bsdtar keep them. In the build's scratch tree they dangle or point at the host, where the sandbox
   * decides what the build may reach.
   */
  @ParameterizedTest
  @ValueSource(strings = {"abs.tar", "abs.zip"})
  void keeps_absolute_symlinks_as_written(String name) throws IOException {
    Path archive = archive(name, a -> a.symlink("cc", "/etc/alternatives/cc").symlink("out", box.outside.toString())
        .symlink("root", "/"));

    unpacked(archive);

    assertEquals(Path.of("/etc/alternatives/cc"), Files.readSymbolicLink(box.target.resolve("cc")));
    assertEquals(box.outside, Files.readSymbolicLink(box.target.resolve("out")));
    assertEquals(Path.of("/"), Files.readSymbolicLink(box.target.resolve("root")));
  }

  @Test
  void a_later_file_replaces_an_absolute_symlink_rather_than_writing_through_it() throws IOException {
    Path archive = archive("abs-link.tar", a -> a.symlink("l", box.sentinel.toString()).file("l", "replaced"));

    unpacked(archive);

    assertFalse(Files.isSymbolicLink(box.target.resolve("l")));
    assertEquals("replaced", Files.readString(box.target.resolve("l")));
    assertEquals("sentinel", Files.readString(box.sentinel));
  }

  /**
   * No entry goes through an absolute symlink, not even one that resolves inside the target ("inside"): where it
   * leads depends on where the tree is unpacked. A relative link leading to an absolute one ("rel") resolves outside.
   */
  @ParameterizedTest
  @ValueSource(strings = {"abs/evil", "abs/new/dir/evil", "inside/evil", "dangling/evil", "root/evil",
      "rel/evil", "rel/new/evil"})
  void refuses_writing_through_an_absolute_symlink(String name) throws IOException {
    String inside = box.target.toRealPath().resolve("sub").toString();
    Path archive = archive("abs-through.tar", a -> a.directory("sub").symlink("abs", box.outside.toString())
        .symlink("inside", inside).symlink("dangling", "/nonexistent-kiln-test/dir").symlink("root", "/")
        .symlink("rel", "abs").file(name, "evil"));

    UnsafeArchiveException e = refused(archive);

    assertEquals(name, e.entryName());
    String top = name.substring(0, name.indexOf('/'));
    String expected = top.equals("rel") ? "would be written through 'rel', a symlink that resolves outside the target"
        + " directory" : "would be written through '" + top + "', an absolute symlink";
    assertEquals(expected, e.reason());
    assertFalse(Files.exists(box.target.resolve("sub/evil")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"directory", "hard link", "zip file"})
  void refuses_every_entry_kind_through_an_absolute_symlink(String kind) throws IOException {
    Path archive = archive(kind.equals("zip file") ? "abs-kinds.zip" : "abs-kinds.tar", a -> {
      a.symlink("abs", box.outside.toString());
      switch (kind) {
        case "directory" -> a.directory("abs/evil");
        case "hard link" -> a.tar().hardLink("h", "abs/sentinel.txt");
        default -> a.file("abs/evil", "evil");
      }
    });

    refused(archive);

    assertFalse(Files.exists(box.target.resolve("h"), NO_FOLLOW));
  }

  /** A relative link may lead through an absolute one (it is then no worse than that one), but not climb out of it. */
  @Test
  void a_relative_symlink_may_lead_through_an_absolute_one_but_not_climb_out_of_it() throws IOException {
    Path through = archive("through-abs.tar", a -> a.symlink("abs", box.outside.toString())
        .symlink("m", "abs/sentinel.txt"));
    unpacked(through);
    assertEquals(Path.of("abs/sentinel.txt"), Files.readSymbolicLink(box.target.resolve("m")));

    Path climb = archive("climb-abs.tar", a -> a.symlink("abs2", "/usr/include").symlink("up", "abs2/../x"));
    UnsafeArchiveException e = refused(climb);
    assertEquals("up", e.entryName());
    assertTrue(e.reason().contains("climbs out of something not a plain directory"), e.reason());
  }

  @Test
  void refuses_zip_symlink_pointing_outside() throws IOException {
    Path archive = archive("links.zip", a -> a.symlink("l", "../../outside").file("l/evil", "evil"));

    assertTrue(refused(archive).reason().contains("points outside the target directory"));
    assertFalse(Files.exists(box.outside.resolve("evil")));
  }

  /** "s" is the target itself, so "s/s/l" sits in the target: its ".." leaves, whatever the entry name suggests. */
  @Test
  void refuses_symlink_escaping_from_under_a_symlinked_parent() throws IOException {
    Path archive = archive("parent.tar", a -> a.symlink("s", ".").symlink("s/s/l", "../x"));

    UnsafeArchiveException e = refused(archive);

    assertEquals("s/s/l", e.entryName());
    assertEquals(Path.of("."), Files.readSymbolicLink(box.target.resolve("s")));
  }

  /**
   * The kernel resolves "s/.." as the parent of wherever s points, which a text check cannot know; so ".." is
   * allowed only after real directories. "later/.." is refused too: later could become a symlink in a later entry.
   */
  @ParameterizedTest
  @ValueSource(strings = {"s/..", "s/../x", "later/..", "sub/s/.."})
  void refuses_symlink_whose_dot_dot_climbs_out_of_another_symlink(String linkText) throws IOException {
    Path archive = archive("climb.tar", a -> a.directory("sub").symlink("s", ".").symlink("sub/s", "..")
        .symlink("l", linkText).symlink("later", "."));

    UnsafeArchiveException e = refused(archive);

    assertEquals("l", e.entryName());
    assertTrue(e.reason().contains("climbs out of something not a plain directory"), e.reason());
  }

  @Test
  void keeps_symlinks_that_stay_inside_with_their_text_as_written() throws IOException {
    Path archive = archive("inside.tar", a -> a.directory("a/b").file("x", "x").symlink("a/b/l", "../../x")
        .symlink("a/up", "..").symlink("self", ".").symlink("dangling", "not/yet").symlink("a/b/c", "../b/../b"));

    unpacked(archive);

    assertEquals(Path.of("../../x"), Files.readSymbolicLink(box.target.resolve("a/b/l")));
    assertEquals("x", Files.readString(box.target.resolve("a/b/l")));
    assertEquals(Path.of(".."), Files.readSymbolicLink(box.target.resolve("a/up")));
    assertEquals(Path.of("not/yet"), Files.readSymbolicLink(box.target.resolve("dangling")));
    assertEquals(Path.of("../b/../b"), Files.readSymbolicLink(box.target.resolve("a/b/c")));
  }

  @Test
  void writes_through_a_symlink_that_stays_inside() throws IOException {
    Path archive = archive("through.tar", a -> a.directory("sub").symlink("link", "sub").file("link/file", "via link")
        .file("link/deeper/more", "more"));

    unpacked(archive);

    assertEquals("via link", Files.readString(box.target.resolve("sub/file")));
    assertEquals("more", Files.readString(box.target.resolve("sub/deeper/more")));
    assertTrue(Files.isSymbolicLink(box.target.resolve("link")));
  }

  /**
   * A symlink already in the target (not from this archive) that points out must not carry writes out. These are
   * relative; an absolute one is refused before it is resolved (see refuses_writing_through_an_absolute_symlink).
   */
  @ParameterizedTest
  @ValueSource(strings = {"planted/evil", "planted/new/dir/evil", "inner/planted/evil"})
  void refuses_writing_through_a_symlink_that_resolves_outside(String name) throws IOException {
    Files.createSymbolicLink(box.target.resolve("planted"), Path.of("../../outside"));
    Files.createDirectory(box.target.resolve("real"));
    Files.createSymbolicLink(box.target.resolve("inner"), Path.of("real/../"));
    Files.createSymbolicLink(box.target.resolve("real/planted"), Path.of("../../../outside"));
    Path archive = archive("planted.tar", a -> a.file(name, "evil"));

    UnsafeArchiveException e = refused(archive);

    assertTrue(e.reason().contains("a symlink that resolves outside the target directory"), e.reason());
    assertFalse(Files.exists(box.outside.resolve("evil")));
    assertFalse(Files.exists(box.outside.resolve("new")));
  }

  @Test
  void replaces_an_existing_symlink_instead_of_following_it() throws IOException {
    Files.createSymbolicLink(box.target.resolve("victim"), box.sentinel);
    Files.createSymbolicLink(box.target.resolve("victim-dir"), box.outside);
    Path archive = archive("replace.tar", a -> a.file("victim", 0600, "replaced").directory("victim-dir", 0700,
        TestArchive.MTIME).file("victim-dir/f", "inside").file("sub/f", "keep").symlink("inner", "sub/f")
        .file("inner", "replaced too"));

    unpacked(archive);

    assertFalse(Files.isSymbolicLink(box.target.resolve("victim")));
    assertEquals("replaced", Files.readString(box.target.resolve("victim")));
    assertEquals(0600, mode(box.target.resolve("victim")));
    assertTrue(Files.isDirectory(box.target.resolve("victim-dir"), NO_FOLLOW));
    assertEquals("inside", Files.readString(box.target.resolve("victim-dir/f")));
    assertEquals("replaced too", Files.readString(box.target.resolve("inner")));
    assertEquals("keep", Files.readString(box.target.resolve("sub/f")));
  }

  // ---- hard links ----

  @ParameterizedTest
  @ValueSource(strings = {"../../outside/sentinel.txt", "../x", "sub/../../x"})
  void refuses_hard_link_to_outside(String linkTarget) throws IOException {
    Path archive = archive("hard.tar", a -> a.file("sub/f", "x").tar().hardLink("h", linkTarget).file("h", "evil"));

    UnsafeArchiveException e = refused(archive);

    assertEquals("h", e.entryName());
    assertTrue(e.reason().contains("lies outside the target directory"), e.reason());
    assertEquals("sentinel", Files.readString(box.sentinel));
  }

  @Test
  void refuses_hard_link_to_an_absolute_path() throws IOException {
    Path archive = archive("hard-abs.tar", a -> a.tar().hardLink("h", box.sentinel.toString()).file("h", "evil"));

    assertEquals("is a hard link to the absolute path '" + box.sentinel + "'", refused(archive).reason());
    assertEquals("sentinel", Files.readString(box.sentinel));
  }

  /** Even inside the target, a hard link may only share a file this archive wrote: nothing the caller had there. */
  @ParameterizedTest
  @ValueSource(strings = {"missing", "preexisting.txt", "dir", "link", "", "."})
  void refuses_hard_link_to_anything_but_a_file_unpacked_earlier(String linkTarget) throws IOException {
    Files.writeString(box.target.resolve("preexisting.txt"), "the caller's");
    Path archive = archive("hard-other.tar", a -> a.directory("dir").file("f", "x").symlink("link", "f").tar()
        .hardLink("h", linkTarget));

    UnsafeArchiveException e = refused(archive);

    assertTrue(e.reason().contains("not a regular file unpacked earlier from this archive"), e.reason());
    assertFalse(Files.exists(box.target.resolve("h"), NO_FOLLOW));
  }

  @Test
  void refuses_hard_link_through_a_symlink_that_resolves_outside() throws IOException {
    Files.createSymbolicLink(box.target.resolve("planted"), box.outside);
    Path archive = archive("hard-planted.tar", a -> a.tar().hardLink("h", "planted/sentinel.txt"));

    assertTrue(refused(archive).reason().contains("lies outside the target directory"));
  }

  @Test
  void hard_link_through_a_symlink_that_stays_inside_shares_the_file() throws IOException {
    Path archive = archive("hard-inside.tar", a -> a.file("sub/f", "x").symlink("s", "sub").tar().hardLink("h", "s/f"));

    unpacked(archive);

    assertEquals(UnpackerTest.fileKey(box.target.resolve("sub/f")), UnpackerTest.fileKey(box.target.resolve("h")));
  }

  // ---- modes and special files ----

  @Test
  void drops_setuid_setgid_and_sticky_bits() throws IOException {
    Path archive = archive("bits.tar", a -> a.file("suid", 04755, "x").file("sgid", 02755, "x")
        .directory("sticky", 01777, TestArchive.MTIME));

    unpacked(archive);

    assertEquals(0755, mode(box.target.resolve("suid")));
    assertEquals(0755, mode(box.target.resolve("sgid")));
    assertEquals(0777, mode(box.target.resolve("sticky")));
    Integer rawMode = (Integer) Files.getAttribute(box.target.resolve("suid"), "unix:mode", NO_FOLLOW);
    assertEquals(0, rawMode & 07000);
  }

  /** A hard link to a skipped fifo is skipped with it; a second entry at the same name is listed once. */
  @Test
  void skips_device_nodes_and_fifos_and_lists_each_once() throws IOException {
    Path archive = archive("devices.tar", a -> a.tar().special("dev/null", TarConstants.LF_CHR)
        .special("dev/sda", TarConstants.LF_BLK).special("pipe", TarConstants.LF_FIFO)
        .special("./pipe", TarConstants.LF_FIFO).hardLink("pipe2", "pipe").file("after.txt", "after"));

    Unpacked unpacked = unpacked(archive);

    assertEquals(List.of("after.txt"), TreeSnapshot.of(box.target).names());
    assertEquals(List.of("dev/null (a character device)", "dev/sda (a block device)", "pipe (a fifo)",
        "pipe2 (a hard link to a fifo)"), unpacked.skipped());
    assertEquals(4, unpacked.skippedCount());
  }

  @Test
  void skips_zip_fifos_and_sockets() throws IOException {
    Path archive = archive("specials.zip", a -> a.zip().special("pipe", 0010644)
        .special("sock", 0140755).file("after.txt", "after"));

    Unpacked unpacked = unpacked(archive);

    assertEquals(List.of("after.txt"), TreeSnapshot.of(box.target).names());
    assertEquals(List.of("pipe (a fifo)", "sock (a socket)"), unpacked.skipped());
  }

  @Test
  void lists_the_first_thousand_skipped_entries_and_counts_them_all() throws IOException {
    Path archive = archive("fifos.tar", a -> {
      for (int i = 0; i < Extractor.LISTED_SKIPS + 5; i++) {
        a.tar().special("fifo" + i, TarConstants.LF_FIFO);
      }
    });

    Unpacked unpacked = unpacked(archive);

    assertEquals(Extractor.LISTED_SKIPS, unpacked.skipped().size());
    assertEquals(Extractor.LISTED_SKIPS + 5, unpacked.skippedCount());
  }

  @Test
  void refuses_a_special_entry_with_an_escaping_name() throws IOException {
    Path archive = archive("fifo-escape.tar", a -> a.tar().special("../pipe", TarConstants.LF_FIFO));

    assertEquals(OUTSIDE, refused(archive).reason());
  }

  // ---- clashes that are errors, not attacks ----

  @Test
  void fails_cleanly_when_a_parent_is_a_file() throws IOException {
    Path archive = archive("clash.tar", a -> a.file("f", "x").file("f/g", "y"));
    TreeSnapshot before = box.outsideTarget();

    IOException e = assertThrows(IOException.class,
        () -> Unpacker.unpack(archive, "clash.tar", box.target));

    assertFalse(e instanceof UnsafeArchiveException);
    assertTrue(e.getMessage().contains("needs 'f' to be a directory"), e.getMessage());
    assertEquals(before, box.outsideTarget());
  }

  @Test
  void fails_cleanly_when_a_file_would_replace_a_directory() throws IOException {
    Path archive = archive("clash.tar", a -> a.file("d/f", "x").file("d", "y"));

    IOException e = assertThrows(IOException.class,
        () -> Unpacker.unpack(archive, "clash.tar", box.target));

    assertFalse(e instanceof UnsafeArchiveException);
    assertEquals("x", Files.readString(box.target.resolve("d/f")));
  }

  // ---- helpers ----

  private interface Entries {
    void write(TestArchive archive) throws IOException;
  }

  /** An archive in the sandbox, its format chosen by {@code name}. */
  private Path archive(String name, Entries entries) throws IOException {
    Path archive = box.archive(name);
    try (TestArchive writer = TestArchive.create(archive)) {
      entries.write(writer);
    }
    return archive;
  }

  private UnsafeArchiveException refused(Path archive) throws IOException {
    TreeSnapshot before = box.outsideTarget();
    UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
        () -> Unpacker.unpack(archive, archive.getFileName().toString(), box.target));
    assertEquals(before, box.outsideTarget(), "nothing outside the target may change");
    assertTrue(e.getMessage().startsWith(archive.getFileName() + ": entry '"), e.getMessage());
    return e;
  }

  private Unpacked unpacked(Path archive) throws IOException {
    TreeSnapshot before = box.outsideTarget();
    Unpacked unpacked = Unpacker.unpack(archive, archive.getFileName().toString(), box.target);
    assertEquals(before, box.outsideTarget(), "nothing outside the target may change");
    return unpacked;
  }
}
