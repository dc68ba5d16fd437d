package dev.kiln.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on 127.0.0.1 serving one file, slowly while {@link #slow} is set (a chunk, then a
 * pause), so that a fetch can be caught half done; it counts the bytes it has sent.
 */
final class DribbleServer implements AutoCloseable {
  private static final int CHUNK = 4096;
  private static final long PAUSE_MILLIS = 20;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String path;
  private final byte[] body;
  private final AtomicLong sent = new AtomicLong();
  volatile boolean slow = true;

  DribbleServer(String path, byte[] body) throws IOException {
    this.path = path;
    this.body = body.clone();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  long sent() {
    return sent.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int at = 0; at < body.length; at += CHUNK) {
          int n = Math.min(CHUNK, body.length - at);
          out.write(body, at, n);
          out.flush();
          sent.addAndGet(n);
          if (slow) {
            Thread.sleep(PAUSE_MILLIS);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException clientGone) {
        // the fetcher was killed: nothing to answer
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
