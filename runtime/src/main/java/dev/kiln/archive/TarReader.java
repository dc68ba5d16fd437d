package dev.kiln.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Feeds a (decompressed) tar stream to an extractor. PAX and GNU long-name headers are applied by Commons Compress. */
final class TarReader {
  private TarReader() {
  }

  /** Closes {@code tarStream}. */
  static void read(InputStream tarStream, Extractor extractor) throws IOException {
    RecordWatch watch = new RecordWatch(tarStream);
    // Names are taken as UTF-8, which is what PAX headers mandate and what GNU tar writes in a UTF-8 locale.
    try (TarArchiveInputStream tar = new TarArchiveInputStream(watch, StandardCharsets.UTF_8.name())) {
      TarArchiveEntry header;
      while ((header = tar.getNextEntry()) != null) {
        extractor.extract(toEntry(header), tar);
      }
      if (watch.endedInsideRecord()) {
        throw new IOException("the tar data ends inside a 512-byte record; the archive is truncated");
      }
    }
  }

  private static Entry toEntry(TarArchiveEntry header) throws IOException {
    return new Entry(header.getName(), kindOf(header), header.getMode(), header.getLastModifiedTime(),
        header.getLinkName(), header.getSize());
  }

  /** Commons Compress calls almost anything a file (isFile), so the type flag is examined most specific first. */
  private static Entry.Kind kindOf(TarArchiveEntry header) throws IOException {
    if (header.isDirectory()) {
      return Entry.Kind.DIRECTORY;
    } else if (header.isSymbolicLink()) {
      return Entry.Kind.SYMLINK;
    } else if (header.isLink()) {
      return Entry.Kind.HARD_LINK;
    } else if (header.isCharacterDevice() || header.isBlockDevice() || header.isFIFO()) {
      return Entry.Kind.OTHER;
    }
    return switch (header.getLinkFlag()) {
      case 'V' -> Entry.Kind.OTHER; // GNU volume label: a name for the tape, not a file
      case 'M' -> throw new IOException("entry '" + header.getName() + "' continues a file from another volume;"
          + " multi-volume archives are not supported");
      // Regular, contiguous, sparse, and (as POSIX asks) unknown types are all written as regular files.
      default -> Entry.Kind.FILE;
    };
  }

  /**
   * Commons Compress reads a header cut short by end of input as a clean end of archive. A tar is a whole number
   * of 512-byte records, so input that ran out elsewhere was truncated; this stream notices.
   */
  private static final class RecordWatch extends FilterInputStream {
    private static final int RECORD_SIZE = 512;
    private long consumed;
    private boolean reachedEnd;

    RecordWatch(InputStream in) {
      super(in);
    }

    boolean endedInsideRecord() {
      return reachedEnd && consumed % RECORD_SIZE != 0;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      count(b == -1 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      int n = in.read(bytes, offset, length);
      count(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      consumed += skipped;
      return skipped;
    }

    private void count(int n) {
      if (n == -1) {
        reachedEnd = true;
      } else {
        consumed += n;
      }
    }
  }
}
