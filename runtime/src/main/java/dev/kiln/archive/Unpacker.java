package dev.kiln.archive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Unpacks source archives into a build directory. Hostile entries (absolute or escaping names, symlinks and hard
 * links leading out, writes through symlinks) are refused with {@link UnsafeArchiveException}; nothing is ever
 * written outside the target. Unpacking stops at the first bad entry, leaving what was written before it.
 */
public final class Unpacker {
  private Unpacker() {
  }

  /**
   * True when the file name ends in a supported archive extension: .tar .tar.gz .tgz .tar.bz2 .tbz2 .tar.xz .txz
   * .tar.zst .tzst .zip (in any letter case).
   */
  public static boolean isArchive(String fileName) {
    return ArchiveFormat.forFileName(fileName).isPresent();
  }

  /**
   * Unpacks {@code archive} into the existing directory {@code target}. The format is chosen by {@code fileName}
   * (the archive's logical name, since the file on disk may be named by its sha256). Throws
   * UnsafeArchiveException for hostile entries, IOException for corrupt/unsupported input.
   */
  public static void unpack(Path archive, String fileName, Path target) throws IOException {
    unpack(archive, fileName, target, true);
  }

  /** As {@link #unpack(Path, String, Path)}; without {@code hostTools}, only the Java codecs decompress. */
  static void unpack(Path archive, String fileName, Path target, boolean hostTools) throws IOException {
    ArchiveFormat format = ArchiveFormat.forFileName(fileName).orElseThrow(() -> new IOException(
        fileName + ": not a supported archive; the name should end in one of " + ArchiveFormat.allSuffixes()));
    if (!Files.isDirectory(target)) {
      throw new NotDirectoryException(target.toString());
    }
    // Every containment check compares real paths, so the target's own symlinks (e.g. /tmp on macOS) are resolved.
    try (Extractor extractor = new Extractor(fileName, target.toRealPath())) {
      if (format == ArchiveFormat.ZIP) {
        ZipReader.read(archive, extractor);
      } else {
        TarReader.read(format.open(archive, hostTools), extractor);
      }
      extractor.finish();
    } catch (UnsafeArchiveException e) {
      throw e;
    } catch (IOException e) {
      // Codec and tar errors rarely say which archive they came from; a build log needs to.
      throw new IOException(fileName + ": cannot unpack: " + describe(e), e);
    }
  }

  /** An archive's end in mid-entry means it is truncated; anything else is said in words. */
  private static String describe(IOException e) {
    if (e instanceof EOFException && e.getMessage() == null) {
      return "unexpected end of data; the archive is truncated";
    }
    return dev.kiln.store.Problems.describe(e);
  }
}
