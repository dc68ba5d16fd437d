package dev.kiln.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a repo's small files (the index and its signature) from an http(s) URL or a directory. Archives go
 * through the fetcher instead, which checks their sha256 on the way into the cache.
 */
final class RepoFiles {
  /** Far above a 60,000-package index (~25 MB); stops a hostile server from filling memory. */
  static final long MAX_INDEX = 512L << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private HttpClient client;

  /** The file's bytes, or empty when the repo has no such file (404 or no such path). */
  Optional<byte[]> get(URI uri) throws IOException {
    String scheme = uri.getScheme();
    if ("file".equals(scheme)) {
      Path path = Path.of(uri);
      try {
        return Optional.of(AtomicFiles.readLimited(path, MAX_INDEX));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
    return http(uri);
  }

  private Optional<byte[]> http(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "kiln").timeout(TIMEOUT).build();
    HttpResponse<InputStream> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while fetching " + uri);
      interrupted.initCause(e);
      throw interrupted;
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 404 || status == 410) {
        return Optional.empty();
      }
      if (status != 200) {
        throw new IOException("HTTP " + status + " from " + uri);
      }
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_INDEX + 1));
      if (bytes.length > MAX_INDEX) {
        throw new IOException(uri + ": more than the " + MAX_INDEX + " bytes kiln reads for an index");
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(bytes.length);
      if (declared != bytes.length) {
        throw new IOException(uri + ": got " + bytes.length + " bytes of " + declared + "; the transfer was cut short");
      }
      return Optional.of(bytes);
    }
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(TIMEOUT).build();
    }
    return client;
  }
}
