package dev.kiln.fetch;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Source;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Gets source files into the distfiles cache, keyed by sha256: from the cache itself, then from
 * each mirror, then from the source's own URL. Whatever the origin, bytes are hashed while they are
 * written and only stored under their sha256 name if it matches (see {@link CacheWriter}), so the
 * cache can be trusted without re-hashing and can be shared by concurrent fetchers.
 */
public final class Fetcher {
  private final Path distfiles;
  private final List<Mirror> mirrors;
  private final FetchListener listener;
  private final CacheWriter writer;
  private HttpDownloader http; // made on first use: an HTTP client starts a thread, and most fetches hit the cache

  /** distfiles: the cache directory, keyed by sha256 (the cached file is distfiles/<sha256 hex>). */
  public Fetcher(Path distfiles, List<Mirror> mirrors, FetchListener listener) {
    this.distfiles = Objects.requireNonNull(distfiles, "distfiles");
    this.mirrors = List.copyOf(mirrors);
    this.listener = Objects.requireNonNull(listener, "listener");
    this.writer = new CacheWriter(distfiles, listener);
  }

  /** Returns the cached, verified file for this source, fetching it if needed. Never returns a file whose sha256 differs. */
  public Path fetch(Source source) throws IOException {
    Path cached = cachedPath(source.sha256());
    if (Files.isRegularFile(cached)) {
      return cached; // verified when it was stored
    }
    Files.createDirectories(distfiles);
    Attempts attempts = new Attempts(source);
    for (Mirror mirror : mirrors) {
      Optional<Path> stored = fromMirror(source, mirror, attempts);
      if (stored.isPresent()) {
        return stored.get();
      }
    }
    return fromLocation(source, attempts);
  }

  public Path cachedPath(Sha256 sha256) {
    return distfiles.resolve(sha256.hex());
  }

  private Optional<Path> fromMirror(Source source, Mirror mirror, Attempts attempts) throws IOException {
    String from = mirror.describe();
    try {
      Optional<Path> candidate = mirror.find(source.sha256(), source.fileName());
      if (candidate.isEmpty()) {
        attempts.missing(from);
        return Optional.empty();
      }
      listener.fetching(source, from);
      Path stored = copyFile(source, candidate.get(), candidate.get().toString());
      listener.fetched(source, from);
      return Optional.of(stored);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e; // a cancelled fetch should stop, not go on to the next mirror
      }
      // A stale or unreadable mirror file is not fatal: a later mirror or the URL may have good bytes.
      attempts.failed(from, e);
      return Optional.empty();
    }
  }

  private Path fromLocation(Source source, Attempts attempts) throws IOException {
    String from = source.location().toString();
    listener.fetching(source, from);
    try {
      Path stored = download(source, from);
      listener.fetched(source, from);
      return stored;
    } catch (ChecksumMismatchException e) {
      // The URL itself served other bytes: the recipe or upstream is wrong, and that is the news.
      throw attempts.attachTo(e);
    } catch (IOException e) {
      throw attempts.failure(from, e);
    }
  }

  private Path download(Source source, String from) throws IOException {
    URI location = source.location();
    String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file":
        return copyFile(source, localPath(location), from);
      case "http":
      case "https":
        return copyHttp(source, location, from);
      default:
        throw new IOException("unsupported URL scheme \"" + scheme + "\" in " + from);
    }
  }

  private Path copyFile(Source source, Path file, String from) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return writer.store(source, from, in, Files.size(file));
    }
  }

  private Path copyHttp(Source source, URI location, String from) throws IOException {
    HttpDownloader.Body body = http().open(location);
    try (InputStream in = body.in()) {
      return writer.store(source, from, in, body.length());
    }
  }

  private synchronized HttpDownloader http() {
    if (http == null) {
      http = new HttpDownloader();
    }
    return http;
  }

  private static Path localPath(URI location) throws IOException {
    try {
      return Path.of(location);
    } catch (IllegalArgumentException e) {
      // e.g. a relative "file:foo" or one with a host; the DSL should have made it absolute.
      throw new IOException("not a local file URL: " + location + " (" + e.getMessage() + ")", e);
    }
  }
}
