import dev.kiln.archive.Unpacker;
import java.nio.file.Path;

/** Benchmark helper: kiln's unpacker, as a build unpacks its sources: UnpackFile ARCHIVE TARGET-DIR. */
public final class UnpackFile {
  private UnpackFile() {}

  public static void main(String[] args) throws Exception {
    Path archive = Path.of(args[0]);
    Path target = java.nio.file.Files.createDirectories(Path.of(args[1]));
    Unpacker.unpack(archive, archive.getFileName().toString(), target);
  }
}
