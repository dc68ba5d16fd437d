import dev.kiln.archive.Unpacker;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark helper: kiln's unpacker as a `kiln run` uses it, inside a JVM that is already running, against GNU
 * tar started for each archive. UnpackInRun ARCHIVE DIR N: N pairs, each a kiln unpack into DIR/kI and
 * `tar -C DIR/gI -xf ARCHIVE` (kiln first in the first pair, then in every other one), each after a `sync` that
 * is not timed; prints "KILN_MS TAR_MS" per pair. The first pair's kiln figure includes compiling the unpacker
 * (what the first archive of a run pays); the JVM's own start is not in any of them, since a run pays it once, not
 * per archive.
 */
public final class UnpackInRun {
  private UnpackInRun() {}

  public static void main(String[] args) throws Exception {
    Path archive = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    int pairs = Integer.parseInt(args[2]);
    for (int i = 0; i < pairs; i++) {
      Path mine = Files.createDirectories(dir.resolve("k" + i));
      Path theirs = Files.createDirectories(dir.resolve("g" + i));
      // Who goes first alternates (as in bench/run), the first pair's kiln first.
      long tarMillis = i % 2 == 1 ? tar(archive, theirs) : 0;
      run("sync");
      long start = System.nanoTime();
      Unpacker.unpack(archive, archive.getFileName().toString(), mine);
      long kiln = System.nanoTime() - start;
      if (i % 2 == 0) {
        tarMillis = tar(archive, theirs);
      }
      System.out.println(kiln / 1_000_000 + " " + tarMillis);
    }
  }

  /** Milliseconds GNU tar takes to unpack {@code archive} into {@code target}, after a sync. */
  private static long tar(Path archive, Path target) throws Exception {
    run("sync");
    long start = System.nanoTime();
    run("tar", "-C", target.toString(), "-xf", archive.toString());
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void run(String... command) throws Exception {
    int status = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (status != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + status);
    }
  }
}
