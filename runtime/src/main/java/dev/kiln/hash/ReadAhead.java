package dev.kiln.hash;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Digests a file while a second thread reads it: a few direct buffers go round between the reader, which fills
 * them, and the caller, which hashes them. Reading a gigabyte out of the page cache takes a tenth of a second,
 * which is the difference between kiln's hashing and openssl's.
 */
final class ReadAhead {
  private static final int BUFFER = 4 << 20;
  private static final int BUFFERS = 3;

  private ReadAhead() {
  }

  static void digest(FileChannel channel, MessageDigest digest) throws IOException {
    BlockingQueue<ByteBuffer> empty = new ArrayBlockingQueue<>(BUFFERS);
    BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    for (int i = 0; i < BUFFERS; i++) {
      empty.add(ByteBuffer.allocateDirect(BUFFER));
    }
    IOException[] failed = new IOException[1];
    ByteBuffer end = ByteBuffer.allocate(0);
    Thread reader = new Thread(() -> {
      try {
        while (true) {
          ByteBuffer buffer = empty.take();
          buffer.clear();
          while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // fill the buffer: fewer hand-overs
          }
          buffer.flip();
          if (!buffer.hasRemaining()) {
            break;
          }
          full.put(buffer);
        }
      } catch (IOException e) {
        failed[0] = e;
      } catch (InterruptedException e) {
        return; // the caller gave up
      }
      full.add(end);
    }, "kiln-hash-read");
    reader.setDaemon(true);
    reader.start();
    try {
      for (ByteBuffer buffer = full.take(); buffer != end; buffer = full.take()) {
        digest.update(buffer);
        empty.put(buffer);
      }
      reader.join();
    } catch (InterruptedException e) {
      reader.interrupt();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
    if (failed[0] != null) {
      throw failed[0];
    }
  }
}
