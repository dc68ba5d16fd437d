package dev.kiln.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** Feeds a zip file to an extractor, using the unix mode bits when the archive was made on unix. */
final class ZipReader {
  /** Longer than any path Linux accepts (PATH_MAX is 4096): a bigger "link text" is not a real symlink. */
  private static final int MAX_LINK_TEXT = 4096;
  private static final int TYPE_MASK = 0170000;
  private static final int TYPE_DIRECTORY = 0040000;
  private static final int TYPE_REGULAR = 0100000;
  private static final int TYPE_FIFO = 0010000;
  private static final int TYPE_CHARACTER_DEVICE = 0020000;
  private static final int TYPE_BLOCK_DEVICE = 0060000;
  private static final int TYPE_SOCKET = 0140000;
  private static final int DEFAULT_FILE_MODE = 0644;
  private static final int DEFAULT_DIRECTORY_MODE = 0755;

  private ZipReader() {
  }

  static void read(Path archive, Extractor extractor) throws IOException {
    try (ZipFile zip = open(archive)) {
      // Physical order is archive order, so a later duplicate wins as it would with unzip.
      Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
      while (entries.hasMoreElements()) {
        extract(zip, entries.nextElement(), extractor);
      }
    }
  }

  /** The zip's central directory, read at once: a zip cut short or corrupt fails here. */
  private static ZipFile open(Path archive) throws IOException {
    try {
      return ZipFile.builder().setPath(archive).get();
    } catch (IOException e) {
      throw CorruptArchiveException.of(e);
    }
  }

  private static void extract(ZipFile zip, ZipArchiveEntry member, Extractor extractor) throws IOException {
    Entry.Kind kind = kindOf(member);
    String linkText = kind == Entry.Kind.SYMLINK ? readLinkText(zip, member) : "";
    Entry entry = new Entry(member.getName(), kind, modeOf(member, kind), member.getLastModifiedTime(), linkText,
        member.getSize());
    if (kind != Entry.Kind.FILE) {
      extractor.extract(entry, InputStream.nullInputStream());
      return;
    }
    checkReadable(zip, member);
    try (InputStream content = new Decoded(zip.getInputStream(member))) {
      extractor.extract(entry, content);
    }
  }

  /** An entry's inflated content, whose read failures are the archive's fault, not the disk's. */
  private static final class Decoded extends FilterInputStream {
    Decoded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw CorruptArchiveException.of(e);
      }
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      try {
        return in.read(bytes, offset, length);
      } catch (IOException e) {
        throw CorruptArchiveException.of(e);
      }
    }
  }

  private static Entry.Kind kindOf(ZipArchiveEntry member) {
    int type = member.getUnixMode() & TYPE_MASK;
    if (member.isUnixSymlink()) {
      return Entry.Kind.SYMLINK;
    } else if (member.isDirectory() || type == TYPE_DIRECTORY) {
      return Entry.Kind.DIRECTORY;
    }
    return switch (type) {
      case TYPE_FIFO -> Entry.Kind.FIFO;
      case TYPE_CHARACTER_DEVICE -> Entry.Kind.CHARACTER_DEVICE;
      case TYPE_BLOCK_DEVICE -> Entry.Kind.BLOCK_DEVICE;
      case TYPE_SOCKET -> Entry.Kind.SOCKET;
      // Regular, unmarked, or a type no unix has: its content is a file's, as tar takes unknown types.
      default -> Entry.Kind.FILE;
    };
  }

  /** Zips made off unix carry no mode (getUnixMode is 0): those get the usual 0644 and 0755. */
  private static int modeOf(ZipArchiveEntry member, Entry.Kind kind) {
    int unixMode = member.getUnixMode();
    if (unixMode != 0) {
      return unixMode;
    }
    return kind == Entry.Kind.DIRECTORY ? DEFAULT_DIRECTORY_MODE : DEFAULT_FILE_MODE;
  }

  /** A zip symlink stores its target as the entry's content. */
  private static String readLinkText(ZipFile zip, ZipArchiveEntry member) throws IOException {
    checkReadable(zip, member);
    try (InputStream content = new Decoded(zip.getInputStream(member))) {
      byte[] text = content.readNBytes(MAX_LINK_TEXT + 1);
      if (text.length > MAX_LINK_TEXT) {
        throw new IOException("entry '" + member.getName() + "' is a symlink whose target is over "
            + MAX_LINK_TEXT + " bytes");
      }
      return new String(text, StandardCharsets.UTF_8);
    }
  }

  private static void checkReadable(ZipFile zip, ZipArchiveEntry member) throws IOException {
    if (!zip.canReadEntryData(member)) {
      throw new IOException("entry '" + member.getName() + "' uses an unsupported zip feature (compression method "
          + member.getMethod() + " or encryption)");
    }
  }
}
