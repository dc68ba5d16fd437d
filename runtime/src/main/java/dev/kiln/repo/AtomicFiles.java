package dev.kiln.repo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.UUID;

/**
 * Replaces files so that readers see the old bytes or the new, never a mix or a short file: write a hidden
 * temporary file beside the target, flush it to disk, rename it over the target, then flush the directory
 * so that the rename itself survives a crash.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's bytes. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes), null);
  }

  /**
   * @param permissions for the new file, or null for the default (umask)
   */
  public static void write(Path target, Content content, Set<PosixFilePermission> permissions) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    // Hidden, so that kiln serve never offers a half-written file.
    Path part = dir.resolve("." + target.getFileName() + ".part-" + UUID.randomUUID());
    try {
      try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        if (permissions != null) {
          Files.setPosixFilePermissions(part, permissions);
        }
        OutputStream out = new UnclosableStream(Channels.newOutputStream(channel));
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Removes a file and makes the removal durable. */
  public static void delete(Path target) throws IOException {
    if (Files.deleteIfExists(target)) {
      syncDirectory(target.toAbsolutePath().getParent());
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Reads a whole small file, refusing one longer than {@code limit} bytes. */
  static byte[] readLimited(Path file, long limit) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > limit) {
        throw new IOException(file + ": " + size + " bytes, more than the " + limit + " kiln reads");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading
      }
      return buffer.array();
    }
  }

  /** Lets writers that close their stream (compressors do) finish without closing the channel before it is forced. */
  private static final class UnclosableStream extends java.io.FilterOutputStream {
    UnclosableStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
