package dev.kiln.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads another stream on its own thread, a few chunks ahead of the reader. Decompressing an archive is as much
 * work as creating its files; on their own threads the two overlap, as they do when tar pipes through gzip.
 */
final class BackgroundInputStream extends BlockInputStream {
  private static final int CHUNK = 1 << 20;
  private static final int CHUNKS_AHEAD = 8;
  /** Arrays kept for reuse at most; beyond that, chunks given back are left to the collector. */
  private static final int SPARE_CHUNKS = 16;
  private static final Chunk END = new Chunk(new byte[0], 0, null, null);

  /**
   * {@code length} bytes of {@code bytes}; or, with {@code failure}, where the source failed. A chunk is held by
   * the reader while it is current and by every loan made from it; the last to let go hands the array to
   * {@code spare} for the reading thread to fill again. Reading into reused arrays instead of new ones spares the
   * kernel a page fault and a page zeroing for every 4 KiB unpacked.
   */
  private static final class Chunk {
    final byte[] bytes;
    final int length;
    final IOException failure;
    private final BlockingQueue<byte[]> spare;
    private final AtomicInteger holders = new AtomicInteger(1);

    Chunk(byte[] bytes, int length, IOException failure, BlockingQueue<byte[]> spare) {
      this.bytes = bytes;
      this.length = length;
      this.failure = failure;
      this.spare = spare;
    }

    void hold() {
      holders.incrementAndGet();
    }

    void letGo() {
      if (holders.decrementAndGet() == 0 && spare != null) {
        spare.offer(bytes);
      }
    }
  }

  private final InputStream source;
  private final BlockingQueue<Chunk> ahead = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(SPARE_CHUNKS);
  private final Thread reader;
  /** Never {@link #END}, which is shared by all streams and so never held or let go. */
  private Chunk current = new Chunk(new byte[0], 0, null, null);
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
          byte[] bytes = spare.poll();
          if (bytes == null) {
            bytes = new byte[CHUNK];
          }
          int length = source.readNBytes(bytes, 0, CHUNK);
          if (length == 0) {
            break;
          }
          ahead.put(new Chunk(bytes, length, null, spare));
        }
        last = END;
      } catch (InterruptedIOException e) {
        last = new Chunk(null, 0, e, null);
      } catch (IOException e) {
        // The source is a decoder of the archive's bytes: its failures mean bad data.
        last = new Chunk(null, 0, CorruptArchiveException.of(e), null);
      } catch (RuntimeException e) {
        // Decoders are known to throw these on some corrupt input rather than an IOException.
        last = new Chunk(null, 0, CorruptArchiveException.of(new IOException(dev.kiln.store.Problems.describe(e), e)), null);
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
    if (position == current.length && !next()) {
      return -1;
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current.bytes, position, bytes, offset, n);
    position += n;
    return n;
  }

  /**
   * The next {@code n} bytes as views of the chunks that hold them, without copying: the rest of the current chunk
   * and, when they run on, the start of the next. Shorter only where the stream ends first. A chunk is not written
   * again until every loan of it is given back, so the views stay good after the stream has moved on, on any
   * thread; a loan of more than a chunk would hold the read-ahead back, so none is made (null).
   */
  Loan lend(int n) throws IOException {
    if (n > CHUNK) {
      return null;
    }
    List<ByteBuffer> parts = new ArrayList<>(2);
    List<Chunk> held = new ArrayList<>(2);
    int wanted = n;
    while (wanted > 0 && (position < current.length || next())) {
      int take = Math.min(wanted, current.length - position);
      parts.add(ByteBuffer.wrap(current.bytes, position, take).slice());
      current.hold();
      held.add(current);
      position += take;
      wanted -= take;
    }
    return new Loan(parts, () -> held.forEach(Chunk::letGo));
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && (position < current.length || next())) {
      int step = (int) Math.min(n - skipped, current.length - position);
      position += step;
      skipped += step;
    }
    return skipped;
  }

  @Override
  public int available() {
    return current.length - position;
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
    if (chunk.failure != null) {
      ended = true;
      throw chunk.failure;
    }
    if (chunk == END) {
      ended = true;
      return false;
    }
    current.letGo();
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
