package dev.kiln.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.version.Version;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConstraintTest {
  private static boolean admits(String constraint, String version) {
    return Constraint.parse(constraint).admits(Version.parse(version));
  }

  @Test
  void parses_a_name_alone_as_any_version() {
    Constraint c = Constraint.parse("musl");
    assertEquals("musl", c.name());
    assertTrue(c.bounds().isEmpty());
    assertTrue(admits("musl", "0.0.1-1"));
  }

  @Test
  void parses_every_operator_with_or_without_spaces() {
    assertEquals(List.of(new Bound(Op.GE, Version.parse("1.2"))), Constraint.parse("musl >= 1.2").bounds());
    assertEquals(Constraint.parse("musl >= 1.2"), Constraint.parse("musl>=1.2"));
    assertEquals(Op.LE, Constraint.parse("a<=1").bounds().get(0).op());
    assertEquals(Op.GT, Constraint.parse("a > 1").bounds().get(0).op());
    assertEquals(Op.LT, Constraint.parse("a<1").bounds().get(0).op());
    assertEquals(Op.EQ, Constraint.parse("a = 1:2.0-3").bounds().get(0).op());
    assertEquals("1:2.0-3", Constraint.parse("a=1:2.0-3").bounds().get(0).version().toString());
  }

  @Test
  void operators_compare_as_vercmp_and_a_bound_without_release_admits_every_release() {
    assertTrue(admits("musl >= 1.2", "1.2.5-1"));
    assertFalse(admits("musl >= 1.2", "1.2rc1-1"));
    assertTrue(admits("musl = 1.2", "1.2-7"));
    assertFalse(admits("musl = 1.2-1", "1.2-7"));
    assertTrue(admits("musl > 1.2-1", "1.2-2"));
    assertFalse(admits("musl > 1.2", "1.2-2"));
    assertFalse(admits("musl < 2", "1:1"), "an epoch outweighs any version");
  }

  @Test
  void parses_a_range_as_bounds_that_must_all_hold() {
    Constraint range = Constraint.parse("musl >= 1.2, < 1.3");
    assertEquals(2, range.bounds().size());
    assertEquals("musl >= 1.2, < 1.3", range.toString());
    assertTrue(range.admits(Version.parse("1.2.9-1")));
    assertFalse(range.admits(Version.parse("1.3-1")));
    assertFalse(range.admits(Version.parse("1.1-1")));
  }

  @Test
  void a_list_splits_on_commas_and_a_comma_before_an_operator_continues_the_range() {
    List<Constraint> list = Constraint.parseList("musl >= 1.2, < 1.3, zlib,busybox>1,<2 , sh");
    assertEquals(List.of("musl >= 1.2, < 1.3", "zlib", "busybox > 1, < 2", "sh"),
        list.stream().map(Constraint::toString).toList());
    assertEquals(List.of(), Constraint.parseList("  "));
  }

  @Test
  void refuses_malformed_constraints_saying_where() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Constraint.parse("musl >= "));
    assertTrue(e.getMessage().contains("expected a version"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Constraint.parse("musl>=1.2 musl<1.3"));
    assertTrue(e.getMessage().contains("a range is written name >= 1, < 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Constraint.parse(">= 1"));
    assertThrows(IllegalArgumentException.class, () -> Constraint.parse("-musl"));
    assertThrows(IllegalArgumentException.class, () -> Constraint.parse("musl => 1"));
    assertThrows(IllegalArgumentException.class, () -> Constraint.parseList("a, , b"));
    assertThrows(IllegalArgumentException.class, () -> Constraint.parseList("a,"));
  }

  @Test
  void a_provide_without_version_satisfies_only_unversioned_constraints() {
    Provide bare = Provide.parse("sh");
    Provide versioned = Provide.parse("libz.so=1-64");
    assertEquals(Optional.empty(), bare.version());
    assertEquals("libz.so=1-64", versioned.toString());
    assertTrue(Constraint.parse("sh").admits(bare));
    assertFalse(Constraint.parse("sh >= 1").admits(bare));
    assertTrue(Constraint.parse("libz.so >= 1").admits(versioned));
    assertFalse(Constraint.parse("libz.so >= 2").admits(versioned));
  }
}
