package dev.kiln.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Opens http(s) downloads; anything but a 2xx answer (after redirects) is an error. */
final class HttpDownloader {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** An open response body and its Content-Length, or -1 when the server did not say. */
  record Body(InputStream in, long length) {}

  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();

  /** The caller must close the returned body. */
  Body open(URI uri) throws IOException {
    HttpResponse<InputStream> response = send(request(uri));
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      response.body().close();
      // After redirects the answer may come from elsewhere; name the URL that actually said no.
      throw new IOException("HTTP " + status + " from " + response.uri());
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
    return new Body(response.body(), length);
  }

  private static HttpRequest request(URI uri) throws IOException {
    try {
      // Some hosts turn away the JDK's default agent string.
      return HttpRequest.newBuilder(uri).GET().header("User-Agent", "kiln").build();
    } catch (IllegalArgumentException e) {
      // e.g. "http:foo" has the right scheme but no host; a recipe typo, reported like other failures.
      throw new IOException("not a usable URL: " + uri + " (" + e.getMessage() + ")", e);
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while fetching " + request.uri());
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
