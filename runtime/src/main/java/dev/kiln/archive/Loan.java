package dev.kiln.archive;

import java.nio.ByteBuffer;

/**
 * A file's content as bytes to write, and what to do once they are written. Content lent out of a read-ahead
 * chunk ({@link BackgroundInputStream#lend}) gives the chunk back, so later chunks are read into memory already
 * touched rather than into fresh pages, each of which costs the kernel a fault and a zeroing.
 */
record Loan(ByteBuffer bytes, Runnable returner) {
  private static final Runnable NOTHING = () -> { };

  /** Bytes nobody wants back. */
  static Loan of(ByteBuffer bytes) {
    return new Loan(bytes, NOTHING);
  }

  /** Call once, when the bytes are no longer read. */
  void giveBack() {
    returner.run();
  }
}
