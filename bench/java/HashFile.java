import dev.kiln.hash.Sha256;
import java.nio.file.Path;

/** Benchmark helper: kiln's SHA-256 of a file, as `kiln` hashes sources (prints the hex digest). */
public final class HashFile {
  private HashFile() {}

  public static void main(String[] args) throws Exception {
    System.out.println(Sha256.ofFile(Path.of(args[0])).hex());
  }
}
