package dev.kiln.solve;

import java.util.List;

/**
 * Chooses versions for a request: the newest consistent set, trying the newest version of each
 * requested package first, or an explanation of why there is none.
 *
 * <p>The algorithm is PubGrub (Natalie Weizenbaum's, as in Dart's pub, uv and Cargo's resolver
 * work), written here rather than taken from a SAT library: its conflict-driven learning is as fast
 * as a SAT solver's on package problems, it tries newest versions first without an optimisation
 * pass, and every learned fact keeps the two facts it came from, so a failure comes with the chain of
 * constraints behind it ("because a 2.0 depends on b >= 3 and no version of b satisfies b >= 3, a 2.0
 * cannot be installed"). A SAT solver's unsatisfiable core names the clauses but not that story.
 *
 * <p>Names with providers (virtual packages) are slots whose choices include the providers, so one
 * dependency on a name is met by one package. Conflicts exclude a package's own other versions
 * implicitly and any named or providing package explicitly; a package never conflicts with itself.
 */
public final class Solver {
  private Solver() {}

  public static Solution solve(Universe universe, List<Constraint> requests) throws UnsatisfiableException {
    return new Search(universe, requests).run();
  }
}
