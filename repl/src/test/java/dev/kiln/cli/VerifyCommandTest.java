package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln verify on a store kiln made, and on one damaged in each way it must notice. */
class VerifyCommandTest {
  @TempDir Path dir;
  private Path home;
  private Path recipe;

  private static final String RECIPE = """
      package "lib", "1" do
        build { sh "mkdir -p #{prefix}/lib && echo lib > #{prefix}/lib/data && mkdir #{prefix}/bin && printf '#!/bin/sh\\n' > #{prefix}/bin/x && chmod +x #{prefix}/bin/x" }
      end
      package "app", "1" do
        depends_on "lib"
        build { sh "mkdir -p #{prefix}/share && echo #{input("lib")} > #{prefix}/share/uses && ln -s uses #{prefix}/share/link" }
      end
      package "tool", "1" do
        build { sh "mkdir -p #{prefix}/bin && echo tool > #{prefix}/bin/tool" }
      end
      """;

  @BeforeEach
  void build() throws Exception {
    home = dir.resolve("home");
    recipe = Files.writeString(dir.resolve("recipe.rb"), RECIPE);
    Kiln.Result run = kiln("run", recipe.toString());
    assertEquals(0, run.exit(), run.toString());
  }

  private Kiln.Result kiln(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--home=" + home;
    return Kiln.run(all);
  }

  private String entry(String name) throws Exception {
    try (var list = Files.list(home.resolve("store"))) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(name + "-1-")).findFirst().orElseThrow();
    }
  }

  /** The lines verify printed about {@code subject}. */
  private static List<String> about(Kiln.Result verify, String subject) {
    return verify.out().lines().filter(l -> l.startsWith(subject + ": ")).toList();
  }

  @Test
  void an_intact_store_verifies_with_exit_0() {
    Kiln.Result verify = kiln("verify");
    assertEquals(0, verify.exit(), verify.toString());
    assertEquals("", verify.out());
    assertTrue(verify.err().contains("kiln: verified 3 entries: the store is consistent"), verify.err());
  }

  @Test
  void changed_bytes_a_write_bit_and_deleted_records_are_each_reported_with_the_entry() throws Exception {
    String lib = entry("lib");
    String app = entry("app");
    String tool = entry("tool");
    // lib: one file's bytes, its mode and mtime put back, so only the contents hash can tell.
    Path data = home.resolve("store").resolve(lib).resolve("lib/data");
    Path libDir = data.getParent();
    Files.setPosixFilePermissions(libDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(data, "LIB\n");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(libDir, PosixFilePermissions.fromString("r-xr-xr-x"));
    FileTime epoch = FileTime.fromMillis(315532800000L);
    Files.setLastModifiedTime(data, epoch);
    Files.setLastModifiedTime(libDir, epoch);
    // tool: a write bit, nothing else.
    Files.setPosixFilePermissions(home.resolve("store").resolve(tool).resolve("bin/tool"),
        PosixFilePermissions.fromString("r--rw-r--"));
    // app: both of its records.
    Files.delete(home.resolve("refs").resolve(app));
    Files.delete(home.resolve("records").resolve(app + ".contents"));

    Kiln.Result verify = kiln("verify");
    assertEquals(1, verify.exit(), verify.toString());
    assertEquals(List.of(lib + ": its contents changed since it was committed"),
        about(verify, lib).stream().map(l -> l.replaceAll(" \\(sha256.*", "")).toList(), verify.out());
    assertEquals(List.of(tool + ": is writable (entries are read-only): bin/tool (r--rw-r--)"), about(verify, tool));
    assertEquals(List.of(app + ": has no record of its references (refs/" + app + " is missing)",
        app + ": has no contents record (records/" + app + ".contents is missing: deleted, or the entry was "
            + "committed by a kiln older than kiln verify)"), about(verify, app));
    assertTrue(verify.err().contains("kiln: verified 3 entries: 4 problems"), verify.err());
    assertFalse(verify.err().contains("Exception"), verify.err());
  }

  @Test
  void a_lost_reference_an_orphan_record_a_leftover_posing_as_an_entry_and_a_dangling_pin_are_reported() throws Exception {
    String lib = entry("lib");
    String app = entry("app");
    assertEquals(List.of(lib), Files.readAllLines(home.resolve("refs").resolve(app)), "app refers to lib");
    // lib leaves the store by hand (as a crashed rm would), its records stay; app still refers to it.
    Path gone = Files.move(home.resolve("store").resolve(lib), dir.resolve("gone"));
    dev.kiln.store.Trees.deleteRecursively(gone);
    Path posing = Files.createDirectories(home.resolve("store").resolve(app + ".work-123-abc"));
    Files.createDirectories(home.resolve("pins"));
    Files.writeString(home.resolve("pins").resolve(lib), "");
    Files.writeString(home.resolve("tmp").resolve(app + ".work-99-0"), "");

    Kiln.Result verify = kiln("verify");
    assertEquals(1, verify.exit(), verify.toString());
    String out = verify.out();
    assertTrue(out.contains(app + ": refers to " + lib + ", which is not in the store\n"), out);
    assertTrue(out.contains("refs/" + lib + ": a record of " + lib + ", which is not in the store\n"), out);
    assertTrue(out.contains("records/" + lib + ".contents: a record of " + lib + ", which is not in the store\n"), out);
    assertTrue(out.contains("records/" + lib + ".inputs: a record of " + lib + ", which is not in the store\n"), out);
    assertTrue(out.contains(posing.getFileName() + ": is not a store entry"), out);
    assertTrue(out.contains(lib + ": a pin (kiln pin --remove " + lib + " drops it) points at it, but it is not in the store"), out);
    assertTrue(out.contains("note: tmp/" + app + ".work-99-0: left by a kiln process that was killed"), out);
  }

  @Test
  void gc_takes_an_entrys_records_with_it_and_the_store_stays_consistent() throws Exception {
    String tool = entry("tool");
    assertEquals(0, kiln("run", recipe.toString(), "app").exit(), "the last run no longer holds tool");
    Kiln.Result gc = kiln("gc");
    assertEquals(0, gc.exit(), gc.toString());
    assertTrue(gc.out().contains("removed " + tool), gc.out());
    try (var records = Files.list(home.resolve("records"))) {
      assertEquals(List.of(), records.filter(r -> r.getFileName().toString().startsWith(tool)).toList());
    }
    Kiln.Result verify = kiln("verify");
    assertEquals(0, verify.exit(), verify.toString());
  }

  @Test
  void a_killed_commit_is_cleared_by_the_next_build_of_its_entry() throws Exception {
    String tool = entry("tool");
    // What a commit killed after writing its records and before its rename leaves behind.
    Path entry = home.resolve("store").resolve(tool);
    Path work = Files.createDirectories(home.resolve("tmp").resolve(tool + ".work-1-2"));
    Files.move(entry, work.resolve("out"));
    Files.writeString(home.resolve("refs").resolve(tool + ".tmp-1"), "");
    Kiln.Result verify = kiln("verify");
    assertEquals(0, verify.exit(), "records beside a killed build's scratch are a commit cut short:\n" + verify);
    assertEquals(List.of(
        "note: tmp/" + tool + ".work-1-2: left by a kiln process that was killed (the next build of its entry removes it)",
        "note: refs/" + tool + ": written by a commit of " + tool + " that was killed (the next build of it replaces it)",
        "note: refs/" + tool + ".tmp-1: half written by a kiln process that was killed (the next build of its entry removes it)",
        "note: records/" + tool + ".contents: written by a commit of " + tool + " that was killed (the next build of it replaces it)",
        "note: records/" + tool + ".inputs: written by a commit of " + tool + " that was killed (the next build of it replaces it)"),
        verify.out().lines().toList());

    assertEquals(0, kiln("run", recipe.toString()).exit());
    Kiln.Result again = kiln("verify");
    assertEquals(0, again.exit(), again.toString());
    assertEquals("", again.out(), "no leftovers either");
  }
}
