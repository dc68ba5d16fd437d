package dev.kiln.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The lock that keeps kiln gc from deleting what a build, a shell or an environment is using: users
 * hold it shared, gc exclusive. It is a file lock ({@code locks/store.lock}) between processes and a
 * read-write lock between threads of one JVM, since a JVM may hold only one lock per file region.
 */
public final class StoreLock {
  private static final Map<Path, StoreLock> LOCKS = new HashMap<>();

  private final Path file;
  private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
  private int sharedHolders;
  private FileChannel sharedChannel;
  private FileLock sharedLock;

  private StoreLock(Path file) {
    this.file = file;
  }

  static synchronized StoreLock of(Path file) {
    return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), StoreLock::new);
  }

  /** A held lock; closing releases it. */
  public interface Hold extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** Holds the lock shared, waiting while gc runs. Close it on the thread that took it. */
  public Hold shared() throws IOException {
    threads.readLock().lock();
    try {
      synchronized (this) {
        if (sharedHolders == 0) {
          sharedChannel = open();
          sharedLock = sharedChannel.lock(0, Long.MAX_VALUE, true);
        }
        sharedHolders++;
      }
    } catch (IOException | RuntimeException e) {
      threads.readLock().unlock();
      throw e;
    }
    return this::releaseShared;
  }

  private void releaseShared() throws IOException {
    try {
      synchronized (this) {
        if (--sharedHolders == 0) {
          sharedLock.release();
          sharedChannel.close();
        }
      }
    } finally {
      threads.readLock().unlock();
    }
  }

  /**
   * Holds the lock exclusively, waiting for every holder to finish; {@code waiting} runs first
   * when someone holds it.
   */
  public Hold exclusive(Runnable waiting) throws IOException {
    if (!threads.writeLock().tryLock()) {
      waiting.run();
      threads.writeLock().lock();
    }
    FileChannel channel = null;
    try {
      channel = open();
      FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false);
      if (lock == null) {
        waiting.run();
        lock = channel.lock(0, Long.MAX_VALUE, false);
      }
      FileChannel held = channel;
      return () -> {
        try {
          held.close();
        } finally {
          threads.writeLock().unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      threads.writeLock().unlock();
      throw e;
    }
  }

  private FileChannel open() throws IOException {
    // Read and write: a shared lock needs a readable channel, an exclusive one a writable one.
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }
}
