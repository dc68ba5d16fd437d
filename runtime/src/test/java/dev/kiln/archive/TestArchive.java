package dev.kiln.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Writes test archives entry by entry with Commons Compress, hostile ones included: names are stored exactly as
 * given (absolute paths and ".." kept), so the unpacker, not the writer, has to deal with them. The format follows
 * the file name, as it does for {@link Unpacker#unpack}.
 */
abstract class TestArchive implements Closeable {
  /** An even number of whole seconds: zip's DOS time has two-second steps. */
  static final Instant MTIME = Instant.parse("2001-02-03T04:05:06Z");

  static TestArchive create(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".zip") ? new Zip(file) : new Tar(file, name);
  }

  /** Zeros are compressed once per this many bytes, and the compressed piece repeated. */
  private static final int ZERO_PIECE = 16 << 20;

  /**
   * A compressed tar (.tar.zst, .tar.gz, .tar.xz, .tar.bz2) holding one file, {@code name}, of {@code size} zeros:
   * a decompression bomb. It is made in a moment whatever the size: compressed streams may follow one another, each
   * decompressing to the next part of the tar, so the compressed form of {@value #ZERO_PIECE} zeros is written over
   * and over. {@code size} must be a multiple of that piece.
   */
  static Path zerosBomb(Path file, String name, long size) throws IOException {
    if (size % ZERO_PIECE != 0) {
      throw new IllegalArgumentException("size must be a multiple of " + ZERO_PIECE);
    }
    String format = file.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] zeros = compressed(new byte[ZERO_PIECE], format);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      out.write(compressed(tarHeader(name, size), format));
      for (long i = 0; i < size / ZERO_PIECE; i++) {
        out.write(zeros);
      }
      out.write(compressed(new byte[1024], format)); // the two zero records that end a tar
    }
    return file;
  }

  private static byte[] compressed(byte[] bytes, String format) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = Tar.compress(buffer, format)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  /** A ustar header for a regular file, its size in base-256 as GNU tar writes a size octal cannot hold. */
  private static byte[] tarHeader(String name, long size) {
    byte[] header = new byte[512];
    ascii(header, 0, name);
    ascii(header, 100, "0000644");
    ascii(header, 108, "0000000");
    ascii(header, 116, "0000000");
    header[124] = (byte) 0x80;
    for (int i = 0; i < 8; i++) {
      header[135 - i] = (byte) (size >>> (8 * i));
    }
    ascii(header, 136, String.format("%011o", MTIME.getEpochSecond()));
    header[156] = '0';
    ascii(header, 257, "ustar");
    ascii(header, 263, "00");
    Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    ascii(header, 148, String.format("%06o", sum));
    header[154] = 0;
    return header;
  }

  private static void ascii(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  abstract TestArchive file(String name, int mode, byte[] content, Instant mtime) throws IOException;

  abstract TestArchive directory(String name, int mode, Instant mtime) throws IOException;

  abstract TestArchive symlink(String name, String target, Instant mtime) throws IOException;

  TestArchive file(String name, int mode, String content) throws IOException {
    return file(name, mode, content.getBytes(StandardCharsets.UTF_8), MTIME);
  }

  TestArchive file(String name, String content) throws IOException {
    return file(name, 0644, content);
  }

  TestArchive directory(String name) throws IOException {
    return directory(name, 0755, MTIME);
  }

  TestArchive symlink(String name, String target) throws IOException {
    return symlink(name, target, MTIME);
  }

  /** Tar-only entry kinds: zip has no hard links. */
  Tar tar() {
    return (Tar) this;
  }

  Zip zip() {
    return (Zip) this;
  }

  static final class Tar extends TestArchive {
    private final TarArchiveOutputStream out;

    private Tar(Path file, String name) throws IOException {
      out = new TarArchiveOutputStream(compress(new BufferedOutputStream(Files.newOutputStream(file)), name),
          StandardCharsets.UTF_8.name());
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** GNU long names (././@LongLink) instead of PAX headers, for the next entries. */
    Tar gnuLongNames() {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      return this;
    }

    @Override
    Tar file(String name, int mode, byte[] content, Instant mtime) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setMode(mode);
      entry.setSize(content.length);
      entry.setModTime(FileTime.from(mtime));
      out.putArchiveEntry(entry);
      out.write(content);
      out.closeArchiveEntry();
      return this;
    }

    @Override
    Tar directory(String name, int mode, Instant mtime) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
      entry.setMode(mode);
      entry.setModTime(FileTime.from(mtime));
      return put(entry);
    }

    @Override
    Tar symlink(String name, String target, Instant mtime) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
      entry.setLinkName(target);
      entry.setModTime(FileTime.from(mtime));
      return put(entry);
    }

    /** Tar names a hard link's target by its archive path, as given here. */
    Tar hardLink(String name, String target) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
      entry.setLinkName(target);
      entry.setModTime(FileTime.from(MTIME));
      return put(entry);
    }

    /** A device node or fifo entry: {@code type} is TarConstants.LF_CHR, LF_BLK or LF_FIFO. */
    Tar special(String name, byte type) throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
      entry.setMode(0644);
      return put(entry);
    }

    private Tar put(TarArchiveEntry entry) throws IOException {
      out.putArchiveEntry(entry);
      out.closeArchiveEntry();
      return this;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    /** The compressor for a tar-family file name; plain .tar passes bytes through. */
    static OutputStream compress(OutputStream raw, String name) throws IOException {
      if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
        return new GzipCompressorOutputStream(raw);
      } else if (name.endsWith(".tar.bz2") || name.endsWith(".tbz2")) {
        return new BZip2CompressorOutputStream(raw);
      } else if (name.endsWith(".tar.xz") || name.endsWith(".txz")) {
        return new XZOutputStream(raw, new LZMA2Options());
      } else if (name.endsWith(".tar.zst") || name.endsWith(".tzst")) {
        return new ZstdOutputStream(raw);
      } else if (name.endsWith(".tar")) {
        return raw;
      }
      throw new IllegalArgumentException("no tar format for " + name);
    }
  }

  static final class Zip extends TestArchive {
    private final ZipArchiveOutputStream out;

    private Zip(Path file) throws IOException {
      out = new ZipArchiveOutputStream(file);
    }

    @Override
    Zip file(String name, int mode, byte[] content, Instant mtime) throws IOException {
      return put(name, UnixStat.FILE_FLAG | mode, content, mtime);
    }

    @Override
    Zip directory(String name, int mode, Instant mtime) throws IOException {
      return put(name.endsWith("/") ? name : name + "/", UnixStat.DIR_FLAG | mode, new byte[0], mtime);
    }

    /** Zip keeps a symlink's target as the entry content, marked by the unix link type bits. */
    @Override
    Zip symlink(String name, String target, Instant mtime) throws IOException {
      return put(name, UnixStat.LINK_FLAG | 0777, target.getBytes(StandardCharsets.UTF_8), mtime);
    }

    /** A member whose unix mode marks it a device, fifo or socket, e.g. 0010644 (a fifo). */
    Zip special(String name, int unixMode) throws IOException {
      return put(name, unixMode, new byte[0], MTIME);
    }

    /** A member from a zip tool that records no unix mode at all (as on Windows). */
    Zip fileWithoutMode(String name, String content) throws IOException {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setLastModifiedTime(FileTime.from(MTIME));
      out.putArchiveEntry(entry);
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeArchiveEntry();
      return this;
    }

    private Zip put(String name, int unixMode, byte[] content, Instant mtime) throws IOException {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setUnixMode(unixMode);
      entry.setLastModifiedTime(FileTime.from(mtime));
      out.putArchiveEntry(entry);
      out.write(content);
      out.closeArchiveEntry();
      return this;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
