package dev.kiln.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a (decompressed) tar stream and feeds its entries to an extractor: POSIX ustar, PAX extended headers
 * (path, linkpath, size, mtime; global headers too), GNU long names and links, base-256 numbers. Names are taken
 * as UTF-8, which is what PAX mandates and GNU tar writes in a UTF-8 locale. Sparse and multi-volume entries are
 * refused: no source release uses them. Its own reader rather than a library's, because unpacking a source tree
 * is mostly this loop over thousands of small entries, and it must not allocate per entry more than it keeps.
 */
final class TarReader {
  private static final int RECORD = 512;
  /** A PAX header or GNU long name bigger than this is not a name: refuse it rather than hold it in memory. */
  private static final int MAX_META = 1 << 20;

  private final InputStream in;
  private final byte[] header = new byte[RECORD];
  private final byte[] scratch = new byte[64 * 1024];
  /** PAX global headers: they hold for every later entry, under its own extended header. */
  private final Map<String, String> global = new HashMap<>();

  private TarReader(InputStream in) {
    this.in = in;
  }

  /** Closes {@code tarStream}. */
  static void read(InputStream tarStream, Extractor extractor) throws IOException {
    try (InputStream in = tarStream) {
      new TarReader(in).readAll(extractor);
    }
  }

  private void readAll(Extractor extractor) throws IOException {
    Map<String, String> extended = new HashMap<>();
    String longName = null;
    String longLink = null;
    // A tar ends with zero records; a stream that simply stops at a record boundary is accepted too, as GNU tar does.
    while (readHeader()) {
      char type = (char) (header[156] & 0xff);
      long size = number(124, 12, "size");
      switch (type) {
        case 'x' -> {
          extended.putAll(pax(meta(size, "PAX header")));
          continue;
        }
        case 'g' -> {
          global.putAll(pax(meta(size, "PAX global header")));
          continue;
        }
        case 'L' -> {
          byte[] data = meta(size, "GNU long name");
          longName = text(data, 0, data.length);
          continue;
        }
        case 'K' -> {
          byte[] data = meta(size, "GNU long link name");
          longLink = text(data, 0, data.length);
          continue;
        }
        default -> { }
      }
      // An entry's own extended header overrides the global ones; without global ones it is used as it is.
      Map<String, String> attributes = extended;
      if (!global.isEmpty()) {
        attributes = new HashMap<>(global);
        attributes.putAll(extended);
      }
      String name = attribute(attributes, "path", longName != null ? longName : headerName());
      String link = attribute(attributes, "linkpath", longLink != null ? longLink : string(157, 100));
      size = attributes.containsKey("size") ? paxLong(attributes.get("size"), "size") : size;
      FileTime mtime = attributes.containsKey("mtime") ? paxTime(attributes.get("mtime"))
          : FileTime.from(Instant.ofEpochSecond(number(136, 12, "mtime")));
      int mode = (int) (number(100, 8, "mode") & 07777);
      Entry entry = new Entry(name, kindOf(type, name, attributes), mode, mtime, link, size);
      Content content = new Content(size);
      extractor.extract(entry, content);
      skip(content.remaining + padding(size));
      extended.clear();
      longName = null;
      longLink = null;
    }
  }

  /** Reads the next header; false at the end of the archive. */
  private boolean readHeader() throws IOException {
    int n = in.readNBytes(header, 0, RECORD);
    if (n == 0) {
      return false;
    }
    if (n < RECORD) {
      throw new EOFException("the tar data ends inside a 512-byte record; the archive is truncated");
    }
    if (isZero(header)) {
      return false;
    }
    checkSum();
    return true;
  }

  private Entry.Kind kindOf(char type, String name, Map<String, String> attributes) throws IOException {
    if (attributes.keySet().stream().anyMatch(key -> key.startsWith("GNU.sparse."))) {
      // PAX sparse files travel under a made-up name; the real one is an attribute of its own.
      String real = attributes.getOrDefault("GNU.sparse.name", name);
      throw new IOException("entry '" + real + "' is a sparse file; sparse tar entries are not supported");
    }
    return switch (type) {
      case '1' -> Entry.Kind.HARD_LINK;
      case '2' -> Entry.Kind.SYMLINK;
      case '5', 'D' -> Entry.Kind.DIRECTORY; // D: a GNU dump directory, whose content lists names
      case '3' -> Entry.Kind.CHARACTER_DEVICE;
      case '4' -> Entry.Kind.BLOCK_DEVICE;
      case '6' -> Entry.Kind.FIFO;
      case 'V' -> Entry.Kind.LABEL;
      case 'M' -> throw new IOException("entry '" + name + "' continues a file from another volume;"
          + " multi-volume archives are not supported");
      case 'S' -> throw new IOException("entry '" + name + "' is a sparse file; sparse tar entries are not"
          + " supported");
      // Old tars mark a directory by its trailing slash alone.
      case '0', '\0' -> name.endsWith("/") ? Entry.Kind.DIRECTORY : Entry.Kind.FILE;
      // Contiguous files, and (as POSIX asks) unknown types, are regular files.
      default -> Entry.Kind.FILE;
    };
  }

  /** The ustar name, with its prefix field in front where the header is POSIX (GNU uses that space otherwise). */
  private String headerName() {
    String name = string(0, 100);
    boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
        && header[261] == 'r' && header[262] == 0;
    if (!posix) {
      return name;
    }
    // star's variant keeps times in the prefix field's last bytes and marks itself with "tar" at 508.
    boolean star = header[508] == 't' && header[509] == 'a' && header[510] == 'r' && header[511] == 0;
    String prefix = string(345, star ? 131 : 155);
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /**
   * The header's sum with its own checksum field as spaces; historic tars summed signed bytes, so either sum is
   * accepted. Random data fails here, which is how a corrupt archive is caught.
   */
  private void checkSum() throws IOException {
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < RECORD; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    long recorded = number(148, 8, "checksum");
    if (recorded != unsigned && recorded != signed) {
      throw new IOException("a tar header's checksum is wrong; the archive is corrupt or not a tar");
    }
  }

  /** A numeric field: octal digits (space- or NUL-padded), or GNU's base-256 for values octal cannot hold. */
  private long number(int offset, int length, String field) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      if ((header[offset] & 0x40) != 0 || length > 12) {
        throw new IOException("a tar header's " + field + " is negative or too large");
      }
      long value = header[offset] & 0x3f;
      for (int i = 1; i < length; i++) {
        if ((value >>> 55) != 0) {
          throw new IOException("a tar header's " + field + " is too large");
        }
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    int i = offset;
    int end = offset + length;
    while (i < end && header[i] == ' ') {
      i++;
    }
    long value = 0;
    for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
      int digit = header[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new IOException("a tar header's " + field + " is not an octal number; the archive is corrupt");
      }
      value = value * 8 + digit;
    }
    return value;
  }

  /** A text field of the header. */
  private String string(int offset, int length) {
    return text(header, offset, length);
  }

  /** Text up to its first NUL (or its end), as UTF-8. */
  private static String text(byte[] data, int offset, int length) {
    int end = offset;
    while (end < offset + length && data[end] != 0) {
      end++;
    }
    return new String(data, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** The content of a metadata entry (PAX header, GNU long name), with its padding consumed. */
  private byte[] meta(long size, String what) throws IOException {
    if (size < 0 || size > MAX_META) {
      throw new IOException("a " + what + " of " + size + " bytes is not believable; the archive is corrupt");
    }
    byte[] data = new byte[(int) size];
    if (in.readNBytes(data, 0, data.length) != data.length) {
      throw new EOFException("the tar data ends inside a " + what + "; the archive is truncated");
    }
    skip(padding(size));
    return data;
  }

  /** PAX records: "LENGTH KEY=VALUE\n", LENGTH counting the whole record. An empty value unsets the key. */
  private static Map<String, String> pax(byte[] data) throws IOException {
    Map<String, String> records = new HashMap<>();
    int at = 0;
    while (at < data.length && data[at] != 0) {
      int space = at;
      int length = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < MAX_META) {
        length = length * 10 + (data[space] - '0');
        space++;
      }
      int end = at + length;
      if (space == at || space >= data.length || data[space] != ' ' || end > data.length || end <= space + 1
          || data[end - 1] != '\n') {
        throw new IOException("a PAX header record is malformed; the archive is corrupt");
      }
      String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals <= 0) {
        throw new IOException("a PAX header record has no key; the archive is corrupt");
      }
      records.put(record.substring(0, equals), record.substring(equals + 1));
      at = end;
    }
    return records;
  }

  private static String attribute(Map<String, String> attributes, String key, String otherwise) {
    String value = attributes.get(key);
    return value == null || value.isEmpty() ? otherwise : value;
  }

  private static long paxLong(String value, String key) throws IOException {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("a PAX " + key + " of '" + value + "' is not a size; the archive is corrupt");
  }

  /** PAX times are decimal seconds, with a fraction down to nanoseconds. */
  private static FileTime paxTime(String value) throws IOException {
    try {
      int dot = value.indexOf('.');
      String whole = dot < 0 ? value : value.substring(0, dot);
      String fraction = dot < 0 ? "" : (value.substring(dot + 1) + "000000000").substring(0, 9);
      long seconds = Long.parseLong(whole);
      long nanos = fraction.isEmpty() ? 0 : Long.parseLong(fraction);
      boolean negative = whole.startsWith("-");
      return FileTime.from(Instant.ofEpochSecond(seconds, negative ? -nanos : nanos));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IOException("a PAX mtime of '" + value + "' is not a time; the archive is corrupt", e);
    }
  }

  private static long padding(long size) {
    long rest = size % RECORD;
    return rest == 0 ? 0 : RECORD - rest;
  }

  private static boolean isZero(byte[] record) {
    for (byte b : record) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Skips {@code n} bytes of the stream; running out first means the archive was cut short. */
  private void skip(long n) throws IOException {
    while (n > 0) {
      long skipped = in.skip(n);
      if (skipped <= 0) {
        int read = in.read(scratch, 0, (int) Math.min(n, scratch.length));
        if (read < 0) {
          throw truncatedEntry();
        }
        skipped = read;
      }
      n -= skipped;
    }
  }

  private static EOFException truncatedEntry() {
    return new EOFException("the tar data ends inside an entry; the archive is truncated");
  }

  /** One entry's content: exactly its size, and an archive cut short inside it is an error, not a short file. */
  private final class Content extends BlockInputStream implements Extractor.Lender {
    private long remaining;

    Content(long size) {
      this.remaining = size;
    }

    @Override
    public Loan lend(int limit) throws IOException {
      if (remaining > limit || !(in instanceof BackgroundInputStream ahead)) {
        return null;
      }
      Loan lent = ahead.lend((int) remaining);
      if (lent == null) {
        return null;
      }
      if (lent.size() < remaining) {
        lent.giveBack();
        throw truncatedEntry();
      }
      remaining = 0;
      return lent;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      int n = in.read(bytes, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        throw truncatedEntry();
      }
      remaining -= n;
      return n;
    }
  }
}
