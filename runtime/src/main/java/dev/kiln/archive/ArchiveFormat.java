package dev.kiln.archive;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;

/** The supported archive kinds, recognised by file-name suffix only: the file on disk is named by its digest. */
enum ArchiveFormat {
  TAR(".tar"),
  TAR_GZ(".tar.gz", ".tgz"),
  TAR_BZ2(".tar.bz2", ".tbz2"),
  TAR_XZ(".tar.xz", ".txz"),
  TAR_ZST(".tar.zst", ".tzst"),
  ZIP(".zip");

  /**
   * The most memory an xz stream may make the decoder take, in KiB. xz -9 needs 65 MiB; the limit stops a hostile
   * header from asking for gigabytes of dictionary (it then fails with MemoryLimitException).
   */
  private static final int XZ_MEMORY_LIMIT_KIB = 512 * 1024;

  private final List<String> suffixes;

  ArchiveFormat(String... suffixes) {
    this.suffixes = List.of(suffixes);
  }

  /** Case-insensitive, since upstream tarballs are occasionally named in upper case. */
  static Optional<ArchiveFormat> forFileName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (ArchiveFormat format : values()) {
      if (format.suffixes.stream().anyMatch(lower::endsWith)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  static String allSuffixes() {
    StringBuilder all = new StringBuilder();
    for (ArchiveFormat format : values()) {
      for (String suffix : format.suffixes) {
        all.append(all.length() == 0 ? "" : " ").append(suffix);
      }
    }
    return all.toString();
  }

  /**
   * Wraps the raw archive bytes in this format's decompressor; the result is a plain tar stream. Zip is random
   * access and is read from the file instead. Gzip and bzip2 accept concatenated members, as gzip(1) and bzip2(1) do.
   */
  InputStream decompress(InputStream raw) throws IOException {
    return switch (this) {
      case TAR -> raw;
      case TAR_GZ -> new GzipCompressorInputStream(raw, true);
      case TAR_BZ2 -> new BZip2CompressorInputStream(raw, true);
      case TAR_XZ -> new XZInputStream(raw, XZ_MEMORY_LIMIT_KIB);
      case TAR_ZST -> new ZstdInputStream(raw);
      case ZIP -> throw new IllegalStateException("zip archives are read through ZipFile, not as a stream");
    };
  }
}
