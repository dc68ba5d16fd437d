import dev.kiln.archive.Unpacker;
import java.nio.file.Path;

/** Benchmark helper: kiln's unpacker, as a build unpacks its sources: UnpackFile ARCHIVE TARGET-DIR. */
public final class UnpackFile {
  private UnpackFile() {}

  public static void main(String[] args) throws Exception {
    Path archive = Path.of(args[0]);
    Unpacker.unpack(archive, archive.getFileName().toString(), Path.of(args[1]));
  }
}
