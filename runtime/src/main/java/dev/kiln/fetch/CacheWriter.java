package dev.kiln.fetch;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Puts bytes into the distfiles cache so that {@code distfiles/<sha256>} only ever holds complete,
 * verified bytes: they are written to a private temporary file, hashed on the way, and renamed
 * into place atomically only if the hash matches. Readers and other writers (threads or processes)
 * therefore never see a partial or wrong file under a sha256 name.
 */
final class CacheWriter {
  static final String PART_PREFIX = ".part-";
  private static final int BUFFER = 64 * 1024;
  private static final long PROGRESS_STEP = 1L << 20;

  private final Path distfiles;
  private final FetchListener listener;

  CacheWriter(Path distfiles, FetchListener listener) {
    this.distfiles = distfiles;
    this.listener = listener;
  }

  /**
   * Copies {@code in} to the cache entry for {@code source}.
   *
   * @param from where the bytes come from, for the mismatch message
   * @param total the expected length for progress, or -1
   * @throws ChecksumMismatchException if the bytes hash differently; nothing is kept then
   */
  Path store(Source source, String from, InputStream in, long total) throws IOException {
    // A random name rather than Files.createTempFile: that one makes the file 0600, and the cache
    // should get the same permissions as any other file the user creates.
    Path part = distfiles.resolve(PART_PREFIX + UUID.randomUUID());
    try {
      Sha256 actual = copy(source, in, part, total);
      if (!actual.equals(source.sha256())) {
        throw new ChecksumMismatchException(source.fileName(), from, source.sha256(), actual);
      }
      return publish(part, distfiles.resolve(source.sha256().hex()));
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private Sha256 copy(Source source, InputStream in, Path part, long total) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[BUFFER];
    long bytes = 0;
    long nextReport = PROGRESS_STEP;
    try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(channel);
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
        bytes += n;
        if (bytes >= nextReport) {
          listener.progress(source, bytes, total);
          nextReport = bytes + PROGRESS_STEP;
        }
      }
      // The cache trusts any file under a sha256 name, so a crash after the rename must not leave
      // a short file there: the bytes reach the disk before the name does.
      channel.force(true);
    }
    listener.progress(source, bytes, total);
    return Sha256.fromDigest(digest);
  }

  private static Path publish(Path part, Path target) throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another fetcher stored this sha256 while we were downloading. Its bytes were verified the
      // same way, so they are the same bytes: use them and drop ours (the caller deletes the part).
    }
    return target;
  }
}
