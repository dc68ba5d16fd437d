package dev.kiln.archive;

import java.io.IOException;
import java.io.InputStream;

/** A stream that is read in blocks: its one-byte read goes through the block read, which is all it implements. */
abstract class BlockInputStream extends InputStream {
  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] bytes, int offset, int length) throws IOException;
}
