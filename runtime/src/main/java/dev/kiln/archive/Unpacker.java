package dev.kiln.archive;

import dev.kiln.model.UnpackLimits;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Unpacks source archives into a build directory. Hostile entries (absolute or escaping names, relative symlinks
 * climbing out, hard links leading out, writes through symlinks that lead out or are absolute) are refused with
 * {@link UnsafeArchiveException}; nothing is ever written outside the target. Absolute symlinks are kept as written
 * (see {@link TargetTree} for the whole rule). Expansion is capped by {@link UnpackLimits}: past a cap the unpack
 * stops with {@link UnpackLimitException} before the byte that passes it is written. Special files (devices,
 * fifos, sockets) are skipped and listed in the result. Unpacking stops at the first bad entry, leaving what was
 * written before it for the caller to remove.
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

  /** As {@link #unpack(Path, String, Path, UnpackLimits)} with {@link UnpackLimits#DEFAULT}. */
  public static Unpacked unpack(Path archive, String fileName, Path target) throws IOException {
    return unpack(archive, fileName, target, UnpackLimits.DEFAULT);
  }

  /**
   * Unpacks {@code archive} into the existing directory {@code target}. The format is chosen by {@code fileName}
   * (the archive's logical name, since the file on disk may be named by its sha256). Throws
   * UnsafeArchiveException for hostile entries, UnpackLimitException past a cap, IOException for corrupt or
   * unsupported input; what the archive is to blame for names it by {@code fileName} first.
   */
  public static Unpacked unpack(Path archive, String fileName, Path target, UnpackLimits limits)
      throws IOException {
    return unpack(archive, fileName, target, limits, true);
  }

  /** As above; without {@code hostTools}, only the Java codecs decompress. */
  static Unpacked unpack(Path archive, String fileName, Path target, UnpackLimits limits, boolean hostTools)
      throws IOException {
    ArchiveFormat format = ArchiveFormat.forFileName(fileName).orElseThrow(() -> new IOException(
        fileName + ": not a supported archive; the name should end in one of " + ArchiveFormat.allSuffixes()));
    if (!Files.isDirectory(target)) {
      throw new NotDirectoryException(target.toString());
    }
    Expansion expansion = new Expansion(fileName, Files.size(archive), limits);
    // Every containment check compares real paths, so the target's own symlinks (e.g. /tmp on macOS) are resolved.
    try (Extractor extractor = new Extractor(fileName, target.toRealPath(), expansion)) {
      if (format == ArchiveFormat.ZIP) {
        ZipReader.read(archive, extractor);
      } else {
        TarReader.read(format.open(archive, hostTools), extractor);
      }
      extractor.finish();
      return new Unpacked(extractor.written(), extractor.skipped(), extractor.skippedCount());
    } catch (UnsafeArchiveException | UnpackLimitException e) {
      throw e;
    } catch (IOException e) {
      // Codec and tar errors rarely say which archive they came from; a build log needs to.
      throw new IOException(fileName + ": cannot unpack: " + describe(e), e);
    }
  }

  /** The failure in words: an archive's end in mid-entry means it is truncated; the rest as Problems says it. */
  static String describe(IOException e) {
    if (e instanceof EOFException) {
      String message = e.getMessage();
      if (message == null) {
        return "unexpected end of data; the archive is truncated";
      }
      return message.contains("truncated") ? message : message + "; the archive is truncated";
    }
    return dev.kiln.store.Problems.describe(e);
  }
}
