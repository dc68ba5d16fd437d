package dev.kiln.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * File-system work done on worker threads while the caller goes on reading the archive. Creating a file costs
 * several system calls, and on a source tree of thousands of small files those calls, not decompression, are
 * most of the time; spread over threads they run side by side. The caller orders everything that must be
 * ordered: it hands over only work that depends on nothing still queued, and {@link #awaitAll} before anything
 * that does.
 */
final class ParallelWrites implements AutoCloseable {
  /**
   * Bytes of file content queued at most, so a tree of large files cannot fill the heap. Queued files hold their
   * read-ahead chunks, so a longer queue means more chunks in use: 32 MiB made the reader allocate 35 of them, 8 MiB
   * 21, and each new one is fresh pages; 8 MiB still keeps some 400 small files ahead of the workers.
   */
  private static final int QUEUED_BYTES = 8 << 20;
  private static final int BATCH_WRITES = 32;
  private static final int MIN_HELD = 4096;
  private static final int BATCH_BYTES = 1 << 20;

  /** One piece of work; it may throw. */
  interface Write {
    void run() throws IOException;
  }

  private final ExecutorService workers;
  private final Semaphore room = new Semaphore(QUEUED_BYTES);
  private final AtomicInteger outstanding = new AtomicInteger();
  private final Object idle = new Object();
  private volatile IOException failure;
  /** Writes not handed to a worker yet; only the caller's thread touches these two. */
  private List<Write> batch = new ArrayList<>(BATCH_WRITES);
  private int batchBytes;

  ParallelWrites() {
    // Two at least: one thread is busy in the kernel creating a file while the other is handed the next.
    int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    AtomicInteger number = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "kiln-unpack-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Queues {@code write}, which holds {@code bytes} of content until it has run; rethrows an earlier failure.
   * Writes go to the workers in batches: waking a worker for each small file would cost the caller a system
   * call per file.
   */
  void submit(int bytes, Write write) throws IOException {
    check();
    batch.add(write);
    // Each write counts as a page at least, so thousands of empty files cannot queue without bound.
    batchBytes += Math.max(bytes, MIN_HELD);
    if (batch.size() >= BATCH_WRITES || batchBytes >= BATCH_BYTES) {
      flush();
    }
  }

  private void flush() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    List<Write> writes = batch;
    int held = Math.min(batchBytes, QUEUED_BYTES);
    batch = new ArrayList<>(BATCH_WRITES);
    batchBytes = 0;
    try {
      room.acquire(held);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while unpacking");
    }
    outstanding.incrementAndGet();
    workers.execute(() -> {
      try {
        for (Write write : writes) {
          if (failure != null) {
            break;
          }
          write.run();
        }
      } catch (IOException e) {
        fail(e);
      } catch (RuntimeException e) {
        fail(new IOException(dev.kiln.store.Problems.describe(e), e));
      } finally {
        room.release(held);
        if (outstanding.decrementAndGet() == 0) {
          synchronized (idle) {
            idle.notifyAll();
          }
        }
      }
    });
  }

  /** Waits until everything handed over has been written; rethrows the first failure. */
  void awaitAll() throws IOException {
    flush();
    synchronized (idle) {
      while (outstanding.get() > 0) {
        try {
          idle.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while unpacking");
        }
      }
    }
    check();
  }

  private void check() throws IOException {
    IOException failed = failure;
    if (failed != null) {
      throw failed;
    }
  }

  private synchronized void fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
  }

  /**
   * Lets queued work finish (after a failure it is skipped), so nothing is still writing into the target once
   * the unpack has returned or thrown.
   */
  @Override
  public void close() {
    try {
      flush(); // what came before a bad entry is still written, as if one thread had done it all
    } catch (IOException e) {
      // interrupted: the batch is dropped, and the caller is already on its way out with an error
    }
    workers.shutdown();
    boolean interrupted = false;
    while (!workers.isTerminated()) {
      try {
        workers.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
