// Benchmark (not a test): kiln's per-run container overhead against raw bwrap, and building an
// environment of 1,000 packages x 50 files against cp -rs making the same forest. Run by bench/containers.
import dev.kiln.build.Containers;
import dev.kiln.env.Environments;
import dev.kiln.model.Container;
import dev.kiln.sandbox.Bwrap;
import dev.kiln.sandbox.Sandbox;
import dev.kiln.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

public final class ContainersBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    Store store = Store.open(dir.resolve("home"));
    containerStart(store, runs);
    environment(store, dir, Math.max(3, runs / 20));
  }

  /** A hermetic container holding the host's true(1) and the libraries it loads, running /usr/bin/true. */
  static void containerStart(Store store, int runs) throws Exception {
    String base = entry(store, "base", List.of("/usr/bin/true", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"));
    Containers.ShellSpec spec = new Containers.ShellSpec(List.of(base), false, Container.of("bench", "default", List.of("base")),
        null, List.of("/usr/bin/true"));
    List<String> argv = Bwrap.argv(Containers.shell(store, spec).spec());
    for (int i = 0; i < 20; i++) { // warm-up: JIT, page cache, the cached /usr view
      kiln(store, spec);
      raw(argv);
    }
    long[] kiln = new long[runs];
    long[] raw = new long[runs];
    for (int i = 0; i < runs; i++) { // interleaved, so drift in machine load hits both
      long t0 = System.nanoTime();
      kiln(store, spec);
      long t1 = System.nanoTime();
      raw(argv);
      long t2 = System.nanoTime();
      kiln[i] = t1 - t0;
      raw[i] = t2 - t1;
    }
    double k = median(kiln) / 1e6;
    double r = median(raw) / 1e6;
    System.out.printf("container start (/usr/bin/true, hermetic root), median of %d:%n", runs);
    System.out.printf("  raw bwrap (ProcessBuilder, same argv)        %7.2f ms%n", r);
    System.out.printf("  kiln: Containers.shell + Sandbox.capture     %7.2f ms%n", k);
    System.out.printf("  kiln adds %.2f ms per run (ratio %.2f)%n", k - r, k / r);
  }

  static void kiln(Store store, Containers.ShellSpec spec) throws Exception {
    Sandbox.Captured done = Containers.run(store, spec);
    if (done.result().exitCode() != 0) {
      throw new IllegalStateException("container failed: " + done.output());
    }
  }

  static void raw(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("bwrap failed");
    }
  }

  /** 1,000 entries of 50 files in bin/, lib/ and share/NAME/; kiln's forest against cp -rs of them all. */
  static void environment(Store store, Path dir, int runs) throws Exception {
    List<String> entries = new ArrayList<>();
    for (int p = 0; p < 1000; p++) {
      Path out = store.newWorkDir("p" + p).resolve("out");
      for (int f = 0; f < 50; f++) {
        String sub = f < 10 ? "bin/p" + p + "-" + f : f < 20 ? "lib/libp" + p + "-" + f + ".so" : "share/p" + p + "/doc" + f;
        Path file = out.resolve(sub);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
      }
      String name = "p" + p + "-1-" + String.format("%032x", p);
      store.commit(out, name);
      entries.add(name);
    }
    long[] kiln = new long[runs];
    long[] cp = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Environments.build(store, "bench" + i, entries, Set.of(), null);
      long t1 = System.nanoTime();
      List<String> argv = new ArrayList<>(List.of("cp", "-rs"));
      entries.forEach(e -> argv.add(store.entry(e) + "/."));
      argv.add(Files.createDirectories(dir.resolve("cp" + i)).toString());
      if (new ProcessBuilder(argv).inheritIO().start().waitFor() != 0) {
        throw new IllegalStateException("cp -rs failed");
      }
      long t2 = System.nanoTime();
      kiln[i] = t1 - t0;
      cp[i] = t2 - t1;
    }
    double k = median(kiln) / 1e6;
    double c = median(cp) / 1e6;
    System.out.printf("environment of 1,000 packages x 50 files (50,000 links), median of %d:%n", runs);
    System.out.printf("  cp -rs (one process, all 1,000 sources)      %7.0f ms%n", c);
    System.out.printf("  kiln Environments.build (forest + commit)    %7.0f ms%n", k);
    System.out.printf("  ratio %.2f%n", k / c);
  }

  static String entry(Store store, String name, List<String> hostFiles) throws Exception {
    String storeName = name + "-1-" + "0".repeat(32);
    if (store.contains(storeName)) {
      return storeName;
    }
    Path out = store.newWorkDir(storeName).resolve("out");
    for (String f : hostFiles) {
      Path to = out.resolve(f.substring(1));
      Files.createDirectories(to.getParent());
      Files.copy(Path.of(f), to);
    }
    Files.createDirectories(out.resolve("usr"));
    Files.move(out.resolve("lib"), out.resolve("usr/lib"));
    store.commit(out, storeName);
    return storeName;
  }

  static double median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
