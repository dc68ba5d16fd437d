package dev.kiln.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SolverTest {
  private static Candidate pkg(String name, String version, String... depends) {
    return Candidate.of(name, version, depends);
  }

  private static Solution solve(List<Candidate> index, String... requests) throws UnsatisfiableException {
    return Solver.solve(Universe.of(index), Stream.of(requests).map(Constraint::parse).toList());
  }

  private static String failure(List<Candidate> index, String... requests) {
    return assertThrows(UnsatisfiableException.class, () -> solve(index, requests)).explanation();
  }

  private static String chosen(Solution solution) {
    return solution.packages().toString();
  }

  @Test
  void picks_the_newest_version_of_everything_when_nothing_stands_in_the_way() throws Exception {
    List<Candidate> index = List.of(pkg("app", "1.0-1", "lib"), pkg("app", "2.0-1", "lib >= 1.1"),
        pkg("lib", "1.0-1"), pkg("lib", "1.1-1"), pkg("lib", "1.10-1"), pkg("unrelated", "1-1"));
    assertEquals("[app 2.0-1, lib 1.10-1]", chosen(solve(index, "app")));
  }

  @Test
  void falls_back_to_an_older_version_when_the_newest_cannot_be_installed() throws Exception {
    List<Candidate> index = List.of(pkg("app", "2.0-1", "lib >= 3"), pkg("app", "1.5-1", "lib >= 2"),
        pkg("app", "1.0-1", "lib"), pkg("lib", "1.0-1"), pkg("lib", "2.1-1"));
    assertEquals("[app 1.5-1, lib 2.1-1]", chosen(solve(index, "app")));
  }

  @Test
  void gives_requested_packages_their_newest_versions_before_their_dependencies() throws Exception {
    // app 2 only works with the old lib; lib 3 only with app 1. Asked for app, app wins.
    List<Candidate> index = List.of(pkg("app", "1.0-1", "lib"), pkg("app", "2.0-1", "lib < 3"),
        pkg("lib", "2.0-1"), pkg("lib", "3.0-1"));
    assertEquals("[app 2.0-1, lib 2.0-1]", chosen(solve(index, "app")));
    assertEquals("[app 1.0-1, lib 3.0-1]", chosen(solve(index, "lib", "app")));
  }

  @Test
  void honours_version_ranges_in_requests_and_dependencies() throws Exception {
    List<Candidate> index = List.of(pkg("musl", "1.1.24-1"), pkg("musl", "1.2.4-1"), pkg("musl", "1.2.5-2"),
        pkg("musl", "1.3.0-1"), pkg("app", "1-1", "musl >= 1.2, < 1.3"));
    assertEquals("[app 1-1, musl 1.2.5-2]", chosen(solve(index, "app")));
    assertEquals("[app 1-1, musl 1.2.4-1]", chosen(solve(index, "app", "musl <= 1.2.4-1")));
  }

  @Test
  void a_virtual_package_is_satisfied_by_a_package_that_provides_it() throws Exception {
    List<Candidate> index = List.of(pkg("script", "1-1", "sh"), pkg("dash", "0.5-1").withProvides("sh"),
        pkg("busybox", "1.36-1").withProvides("sh", "awk"));
    Solution solution = solve(index, "script");
    assertEquals(2, solution.packages().size(), chosen(solution));
    assertTrue(solution.get("busybox").isPresent() || solution.get("dash").isPresent(), chosen(solution));
  }

  @Test
  void a_real_package_is_preferred_to_providers_of_its_name() throws Exception {
    List<Candidate> index = List.of(pkg("script", "1-1", "sh"), pkg("sh", "1-1"),
        pkg("busybox", "1.36-1").withProvides("sh"));
    assertEquals("[script 1-1, sh 1-1]", chosen(solve(index, "script")));
  }

  @Test
  void a_versioned_dependency_needs_a_versioned_provide_that_satisfies_it() throws Exception {
    List<Candidate> index = List.of(pkg("app", "1-1", "libz.so >= 1.2"),
        pkg("zlib", "1.3-1").withProvides("libz.so=1.3"), pkg("zlib", "1.1-1").withProvides("libz.so=1.1"),
        pkg("fakez", "9-1").withProvides("libz.so"));
    assertEquals("[app 1-1, zlib 1.3-1]", chosen(solve(index, "app")));
    assertEquals("[app 1-1, zlib 1.3-1]", chosen(solve(index, "app", "zlib")));
    String why = failure(index, "app", "zlib < 1.3");
    assertTrue(why.contains("zlib 1.3-1 provides libz.so=1.3, app requires zlib 1.3-1"), why);
  }

  @Test
  void refuses_to_install_two_packages_that_conflict() {
    List<Candidate> index = List.of(pkg("openssl", "3.0-1").withConflicts("libressl"), pkg("libressl", "3.8-1"));
    String why = failure(index, "openssl", "libressl");
    assertTrue(why.contains("openssl 3.0-1 conflicts with libressl"), why);
  }

  @Test
  void a_conflict_steers_the_choice_to_an_alternative() throws Exception {
    List<Candidate> index = List.of(pkg("app", "1-1", "sh", "coreutils"),
        pkg("bash", "5.2-1").withProvides("sh"), pkg("busybox", "1.36-1").withProvides("sh").withConflicts("coreutils"),
        pkg("coreutils", "9.4-1"));
    assertEquals("[app 1-1, bash 5.2-1, coreutils 9.4-1]", chosen(solve(index, "app")));
  }

  @Test
  void a_conflict_on_a_virtual_name_excludes_its_providers_but_not_the_package_itself() throws Exception {
    List<Candidate> index = List.of(
        pkg("postfix", "3.8-1").withProvides("mta").withConflicts("mta"),
        pkg("exim", "4.97-1").withProvides("mta").withConflicts("mta"),
        pkg("mailer", "1-1", "mta"));
    Solution one = solve(index, "mailer");
    assertEquals(2, one.packages().size(), chosen(one));
    String why = failure(index, "postfix", "exim");
    assertTrue(why.contains("conflicts with mta, which"), why);
  }

  @Test
  void a_versioned_conflict_excludes_only_the_versions_it_names() throws Exception {
    List<Candidate> index = List.of(pkg("new-tool", "2-1").withConflicts("old-tool < 2"),
        pkg("old-tool", "1.9-1"), pkg("old-tool", "2.1-1"));
    assertEquals("[new-tool 2-1, old-tool 2.1-1]", chosen(solve(index, "new-tool", "old-tool")));
    assertTrue(failure(index, "new-tool", "old-tool < 2").contains("new-tool 2-1 conflicts with old-tool < 2"));
  }

  @Test
  void installs_dependency_cycles() throws Exception {
    List<Candidate> index = List.of(pkg("a", "1-1", "b"), pkg("b", "1-1", "c >= 1"), pkg("c", "1-1", "a"),
        pkg("c", "2-1", "a >= 2"), pkg("a", "2-1", "b"), pkg("self", "1-1", "self"));
    assertEquals("[a 2-1, b 1-1, c 2-1]", chosen(solve(index, "a")));
    assertEquals("[a 1-1, b 1-1, c 1-1]", chosen(solve(index, "a < 2")));
    assertEquals("[self 1-1]", chosen(solve(index, "self")));
  }

  @Test
  void explains_a_conflict_as_the_chain_of_constraints_that_clash() {
    List<Candidate> index = List.of(pkg("a", "2.0-1", "b >= 3"), pkg("a", "1.0-1", "c"),
        pkg("b", "2.0-1"), pkg("c", "1.0-1", "d < 1"), pkg("d", "1.0-1"));
    String why = failure(index, "a");
    assertTrue(why.contains("a 2.0-1 depends on b >= 3 and no version of b satisfies b >= 3"), why);
    assertTrue(why.contains("c 1.0-1 depends on d < 1"), why);
    assertTrue(why.contains("you asked for a"), why);
    assertTrue(why.endsWith("the request cannot be satisfied."), why);
  }

  @Test
  void explains_a_diamond_whose_sides_need_different_versions() {
    List<Candidate> index = List.of(pkg("app", "1-1", "left", "right"), pkg("left", "1-1", "base >= 2"),
        pkg("right", "1-1", "base < 2"), pkg("base", "1-1"), pkg("base", "2-1"));
    String why = failure(index, "app");
    assertTrue(why.contains("left 1-1 depends on base >= 2"), why);
    assertTrue(why.contains("right 1-1 depends on base < 2"), why);
    assertTrue(why.contains("app 1-1 depends on"), why);
  }

  @Test
  void an_unknown_package_is_a_clear_error() {
    String why = failure(List.of(pkg("a", "1-1")), "nosuch");
    assertEquals("Because you asked for nosuch and no package is named or provides nosuch,"
        + " the request cannot be satisfied.", why);
  }

  @Test
  void a_request_no_version_satisfies_is_a_clear_error() {
    String why = failure(List.of(pkg("musl", "1.2.5-1")), "musl >= 2");
    assertEquals("Because you asked for musl >= 2 and no version of musl satisfies musl >= 2,"
        + " the request cannot be satisfied.", why);
  }

  @Test
  void an_empty_request_needs_nothing() throws Exception {
    assertEquals("[]", chosen(solve(List.of(pkg("a", "1-1")))));
  }
}
