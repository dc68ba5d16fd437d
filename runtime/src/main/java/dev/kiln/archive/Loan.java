package dev.kiln.archive;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A file's content as bytes to write, in one or more parts, and what to do once they are written. Content lent out
 * of read-ahead chunks ({@link BackgroundInputStream#lend}) gives the chunks back, so later chunks are read into
 * memory already touched rather than into fresh pages, each of which costs the kernel a fault and a zeroing.
 */
record Loan(List<ByteBuffer> parts, Runnable returner) {
  private static final Runnable NOTHING = () -> { };
  static final Loan NONE = new Loan(List.of(), NOTHING);

  /** Bytes nobody wants back. */
  static Loan of(ByteBuffer bytes) {
    return new Loan(List.of(bytes), NOTHING);
  }

  long size() {
    long size = 0;
    for (ByteBuffer part : parts) {
      size += part.remaining();
    }
    return size;
  }

  /** Call once, when the bytes are no longer read. */
  void giveBack() {
    returner.run();
  }
}
