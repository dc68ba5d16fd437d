package dev.kiln.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads another stream on its own thread, a few chunks ahead of the reader. Decompressing an archive is as much
 * work as creating its files; on their own threads the two overlap, as they do when tar pipes through gzip.
 */
final class BackgroundInputStream extends BlockInputStream {
  private static final int CHUNK = 1 << 20;
  private static final int CHUNKS_AHEAD = 8;
  private static final Chunk END = new Chunk(new byte[0], 0, null);

  /** {@code length} bytes of {@code bytes}; or, with {@code failure}, where the source failed. */
  private record Chunk(byte[] bytes, int length, IOException failure) {
  }

  private final InputStream source;
  private final BlockingQueue<Chunk> ahead = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  private final Thread reader;
  private Chunk current = new Chunk(new byte[0], 0, null);
  private int position;
  private boolean ended;

  BackgroundInputStream(InputStream source, String name) {
    this.source = source;
    this.reader = new Thread(this::readAhead, "kiln-read " + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void readAhead() {
    try {
      Chunk last;
      try {
        while (true) {
          byte[] bytes = new byte[CHUNK];
          int length = source.readNBytes(bytes, 0, CHUNK);
          if (length == 0) {
            break;
          }
          ahead.put(new Chunk(bytes, length, null));
        }
        last = END;
      } catch (IOException e) {
        last = new Chunk(null, 0, e);
      } catch (RuntimeException e) {
        last = new Chunk(null, 0, new IOException(e.toString(), e));
      }
      ahead.put(last); // waits for room: a failure must not be dropped, or the reader would wait forever
    } catch (InterruptedException e) {
      // close() stops the reader; nobody is waiting for more.
    }
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position == current.length() && !next()) {
      return -1;
    }
    int n = Math.min(length, current.length() - position);
    System.arraycopy(current.bytes(), position, bytes, offset, n);
    position += n;
    return n;
  }

  /**
   * The next {@code n} bytes as a view of the chunk that holds them, without copying; null when they are not all
   * in the current chunk (the caller then reads them). Chunks are never written once read ahead, so the view
   * stays good after the stream has moved on, on any thread.
   */
  ByteBuffer lend(int n) {
    if (current.length() - position < n) {
      return null;
    }
    ByteBuffer view = ByteBuffer.wrap(current.bytes(), position, n).slice();
    position += n;
    return view;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && (position < current.length() || next())) {
      int step = (int) Math.min(n - skipped, current.length() - position);
      position += step;
      skipped += step;
    }
    return skipped;
  }

  @Override
  public int available() {
    return current.length() - position;
  }

  /** Takes the next chunk; false at the end of the source. */
  private boolean next() throws IOException {
    if (ended) {
      return false;
    }
    Chunk chunk;
    try {
      chunk = ahead.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while unpacking");
    }
    if (chunk.failure() != null) {
      ended = true;
      throw chunk.failure();
    }
    if (chunk == END) {
      ended = true;
      return false;
    }
    current = chunk;
    position = 0;
    return true;
  }

  /**
   * Stops the reading thread and waits for it before closing the source: a codec closed while another
   * thread is inside it (zstd-jni frees native memory) could crash the JVM.
   */
  @Override
  public void close() throws IOException {
    reader.interrupt();
    boolean interrupted = false;
    while (reader.isAlive()) {
      try {
        reader.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    ahead.clear();
    try {
      source.close();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
