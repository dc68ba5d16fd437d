package dev.kiln.solve.bench;

import dev.kiln.solve.Constraint;
import dev.kiln.solve.IndexFormatException;
import dev.kiln.solve.IndexReader;
import dev.kiln.solve.Solution;
import dev.kiln.solve.Solver;
import dev.kiln.solve.Universe;
import dev.kiln.solve.UnsatisfiableException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The solver benchmark's two halves (run by {@code bench/solve}, not by the tests):
 * {@code generate INDEX} writes a synthetic index and, beside it, a request whose solution holds
 * about 300 packages; {@code solve INDEX} loads the index, solves the request and prints
 * {@code load-ms solve-ms load-cpu-ms solve-cpu-ms packages}, timed inside one fresh JVM.
 */
public final class SolveBench {
  static final int NAMES = 60_000;
  static final long SEED = 6;
  static final int CLOSURE = 300;

  private SolveBench() {}

  public static void main(String[] args) throws IOException, IndexFormatException, UnsatisfiableException {
    Path index = Path.of(args[1]);
    Path requests = index.resolveSibling(index.getFileName() + ".request");
    if (args[0].equals("generate")) {
      SyntheticIndex synthetic = SyntheticIndex.create(NAMES, SEED);
      int stanzas = synthetic.writeTo(index);
      List<String> request = request(index, synthetic);
      Files.write(requests, request);
      System.out.printf("%d packages, %d stanzas, %.1f MB; request of %d names%n", NAMES, stanzas,
          Files.size(index) / 1e6, request.size());
      return;
    }
    List<Constraint> request = Files.readAllLines(requests).stream().map(Constraint::parse).toList();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Universe universe = IndexReader.load(index);
    long c1 = threads.getCurrentThreadCpuTime();
    long t1 = System.nanoTime();
    Solution solution = Solver.solve(universe, request);
    long c2 = threads.getCurrentThreadCpuTime();
    long t2 = System.nanoTime();
    // Wall times, then the main thread's CPU times (what the work costs when the machine is shared).
    System.out.printf("%.0f %.0f %.0f %.0f %d%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (c1 - c0) / 1e6, (c2 - c1) / 1e6,
        solution.packages().size());
  }

  /** Adds packages from the leaves of the graph (the most dependent end) until the solution reaches the target size. */
  private static List<String> request(Path index, SyntheticIndex synthetic) throws IOException, IndexFormatException {
    Universe universe = IndexReader.load(index);
    List<String> request = new ArrayList<>();
    int size = 0;
    for (int i = NAMES - 1; size < CLOSURE && i > 0; i -= 97) {
      String name = synthetic.name(i);
      List<String> trial = new ArrayList<>(request);
      trial.add(name);
      try {
        size = Solver.solve(universe, trial.stream().map(Constraint::parse).toList()).packages().size();
        request = trial;
      } catch (UnsatisfiableException e) {
        // Some leaves are broken on purpose; a request is made of installable ones.
      }
    }
    return request;
  }

}
