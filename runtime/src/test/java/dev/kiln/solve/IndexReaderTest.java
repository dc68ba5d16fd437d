package dev.kiln.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexReaderTest {
  @Test
  void reads_stanzas_with_depends_provides_and_conflicts_and_skips_other_fields() throws Exception {
    List<Candidate> candidates = IndexReader.parse("Packages", """
        Package: busybox
        Version: 1.36.1-2
        Hash: 0123abcd
        Provides: sh, awk=1.36
        Conflicts: coreutils < 9
        Filename: busybox-1.36.1-2.tar.zst

        Package: app
        Version: 1:2.0-1
        Depends: musl >= 1.2, < 1.3, sh,
          zlib
        """);
    assertEquals(2, candidates.size());
    Candidate busybox = candidates.get(0);
    assertEquals("busybox 1.36.1-2", busybox.toString());
    assertEquals("[sh, awk=1.36]", busybox.provides().toString());
    assertEquals("[coreutils < 9]", busybox.conflicts().toString());
    assertEquals("[musl >= 1.2, < 1.3, sh, zlib]", candidates.get(1).depends().toString());
  }

  @Test
  void refuses_a_broken_stanza_naming_the_line() {
    IndexFormatException e = assertThrows(IndexFormatException.class,
        () -> IndexReader.parse("Packages", "Package: a\nVersion: 1\n\nPackage: b\nVersion: 1\nDepends: c >=\n"));
    assertTrue(e.getMessage().startsWith("Packages:4: package b: constraint \"c >=\""), e.getMessage());
    e = assertThrows(IndexFormatException.class, () -> IndexReader.parse("P", "Package: a\n\n"));
    assertTrue(e.getMessage().contains("P:1: a stanza needs both Package and Version"), e.getMessage());
    e = assertThrows(IndexFormatException.class, () -> IndexReader.parse("P", "Package: a\nnonsense\n"));
    assertTrue(e.getMessage().contains("P:2: expected \"Field: value\""), e.getMessage());
  }

  @Test
  void a_loaded_universe_checks_every_stanza_up_front_and_builds_names_when_asked() throws Exception {
    String index = "Package: a\nVersion: 1-1\nDepends: b\n\nPackage: a\nVersion: 2-1\nDepends: b >= 2\n\n"
        + "Package: z\nVersion: 1-1\nProvides: b=2\n";
    Universe universe = IndexReader.universe("P", index);
    assertEquals("[a 2-1, a 1-1]", universe.versions("a").toString());
    assertEquals("[b >= 2]", universe.versions("a").get(0).depends().toString());
    assertEquals("z 1-1", universe.providers("b").get(0).candidate().toString());
    assertEquals(List.of(), universe.versions("nosuch"));

    IndexFormatException bad = assertThrows(IndexFormatException.class,
        () -> IndexReader.universe("P", index + "\nPackage: y\nVersion: 1\nConflicts: a <\n"));
    assertTrue(bad.getMessage().startsWith("P:13: package y: constraint \"a <\", at column 4: expected a version"),
        bad.getMessage());
    IndexFormatException twice = assertThrows(IndexFormatException.class,
        () -> IndexReader.universe("P", index + "\nPackage: a\nVersion: 1-1\n"));
    assertTrue(twice.getMessage().contains("the index holds a 1-1 twice"), twice.getMessage());
  }
}
