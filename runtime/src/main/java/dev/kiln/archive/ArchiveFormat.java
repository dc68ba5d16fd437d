package dev.kiln.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.host.HostPrograms;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * The plain tar stream inside {@code archive}, decompressed ahead of the reader on another thread (or by the
   * host's xz or bzip2 when {@code hostTools} allows and the host has them: both are faster than their Java
   * codecs). Zip is random access and is read from the file instead. Concatenated streams are accepted, as
   * gzip(1), bzip2(1), xz(1) and zstd(1) accept them.
   */
  InputStream open(Path archive, boolean hostTools) throws IOException {
    if (this == ZIP) {
      throw new IllegalStateException("zip archives are read through ZipFile, not as a stream");
    }
    Optional<Path> tool = hostTools ? hostTool() : Optional.empty();
    if (tool.isPresent()) {
      return new BackgroundInputStream(HostDecompressor.open(tool.get(), hostArguments(), archive), name());
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(archive), Extractor.BUFFER_SIZE);
    return this == TAR ? raw : new BackgroundInputStream(javaCodec(raw), name());
  }

  private Optional<Path> hostTool() {
    return switch (this) {
      // Only XZ Utils' xz: it takes a memory limit (busybox's does not, and would need none of our options).
      case TAR_XZ -> HostPrograms.find("xz").filter(xz -> HostDecompressor.says(xz, "--version", "XZ Utils"));
      case TAR_BZ2 -> HostPrograms.find("bzip2");
      default -> Optional.empty(); // zlib inflates twice as fast as gzip(1); zstd-jni about as fast as zstd(1)
    };
  }

  /** Short options, which every bzip2 understands; xz's memory limit mirrors the Java decoder's. */
  private List<String> hostArguments() {
    return this == TAR_XZ ? List.of("-d", "-c", "-M", XZ_MEMORY_LIMIT_KIB + "KiB") : List.of("-d", "-c");
  }

  private InputStream javaCodec(InputStream raw) throws IOException {
    try {
      return switch (this) {
        case TAR_GZ -> new GzipCompressorInputStream(raw, true);
        case TAR_BZ2 -> new BZip2CompressorInputStream(raw, true);
        case TAR_XZ -> new XZInputStream(raw, XZ_MEMORY_LIMIT_KIB);
        case TAR_ZST -> new ZstdInputStream(raw);
        case TAR, ZIP -> raw;
      };
    } catch (IOException e) {
      try {
        raw.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw CorruptArchiveException.of(e); // a decoder reads the first header as it starts
    }
  }
}
