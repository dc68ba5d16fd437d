package dev.kiln.repo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a repo directory over HTTP, read-only: GET and HEAD of its files, single byte ranges (so that
 * downloads can resume), and at {@code /} an HTML page listing the packages the index holds. Requests
 * are confined to the directory: "." and ".." segments (encoded or not), hidden files (the publisher's
 * temporary files and lock) and symlinks leading out are all answered 404.
 */
public final class RepoServer implements AutoCloseable {
  private static final int THREADS = 4;
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService threads;
  private final Path root;

  private RepoServer(HttpServer server, ExecutorService threads, Path root) {
    this.server = server;
    this.threads = threads;
    this.root = root;
  }

  /** Starts serving {@code repo} at {@code address} (port 0 picks a free one). */
  public static RepoServer start(Path repo, InetSocketAddress address) throws IOException {
    if (!Files.isDirectory(repo)) {
      throw new IOException(repo + ": not a directory; publish into it first with kiln repo publish");
    }
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "kiln-serve");
      t.setDaemon(true);
      return t;
    });
    RepoServer repoServer = new RepoServer(server, threads, repo.toRealPath());
    server.createContext("/", repoServer::handle);
    server.setExecutor(threads);
    server.start();
    return repoServer;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        plain(exchange, 405, "method not allowed: this repo is read-only\n", head);
        return;
      }
      Optional<List<String>> segments = segments(exchange.getRequestURI().getRawPath());
      if (segments.isEmpty()) {
        plain(exchange, 404, "not found\n", head);
      } else if (segments.get().isEmpty() || segments.get().equals(List.of("index.html"))) {
        send(exchange, 200, "text/html; charset=utf-8", ListingPage.render(root), head);
      } else {
        serveFile(exchange, root.resolve(String.join("/", segments.get())), head);
      }
    }
  }

  /**
   * The decoded names of a request path, or empty when it is malformed or names anything hidden, "." or
   * "..": those are refused before the path ever touches the file system.
   */
  static Optional<List<String>> segments(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (String raw : rawPath.substring(1).split("/", -1)) {
      if (raw.isEmpty()) {
        continue;
      }
      Optional<String> name = decode(raw);
      if (name.isEmpty() || name.get().startsWith(".") || name.get().contains("/") || name.get().contains("\\")
          || name.get().indexOf('\0') >= 0) {
        return Optional.empty();
      }
      names.add(name.get());
    }
    return Optional.of(names);
  }

  private static Optional<String> decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return Optional.of(bytes.toString(StandardCharsets.UTF_8));
  }

  private void serveFile(HttpExchange exchange, Path file, boolean head) throws IOException {
    // A symlink may stay inside the repo; its real path decides.
    if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(root)) {
      plain(exchange, 404, "not found\n", head);
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long length = channel.size();
      var headers = exchange.getResponseHeaders();
      headers.set("Accept-Ranges", "bytes");
      headers.set("Last-Modified", HTTP_DATE.format(Files.getLastModifiedTime(file).toInstant()));
      ByteRange.Request range = ByteRange.parse(
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Range")), length);
      if (range instanceof ByteRange.Unsatisfiable) {
        headers.set("Content-Range", "bytes */" + length);
        plain(exchange, 416, "range not satisfiable: the file has " + length + " bytes\n", head);
        return;
      }
      headers.set("Content-Type", contentType(file.getFileName().toString()));
      long first = 0;
      long count = length;
      int status = 200;
      if (range instanceof ByteRange.Part part) {
        status = 206;
        first = part.range().first();
        count = part.range().length();
        headers.set("Content-Range", part.range().contentRange(length));
      }
      sendHeaders(exchange, status, count, head);
      if (!head) {
        copy(channel, first, count, exchange.getResponseBody());
      }
    }
  }

  private static void copy(FileChannel channel, long first, long count, OutputStream out) throws IOException {
    channel.position(first);
    InputStream in = Channels.newInputStream(channel);
    byte[] buffer = new byte[64 * 1024];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("file shrank while it was being served");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  static String contentType(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".zst")) {
      return "application/zstd";
    } else if (name.endsWith(".gz") || name.endsWith(".tgz")) {
      return "application/gzip";
    } else if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (fileName.equals(RepoIndex.FILE) || name.endsWith(".sig") || name.endsWith(".pub") || name.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static void plain(HttpExchange exchange, int status, String text, boolean head) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), head);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    sendHeaders(exchange, status, body.length, head);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  /** A HEAD answer states the length a GET would have, but the JDK server must be told "no body". */
  private static void sendHeaders(HttpExchange exchange, int status, long length, boolean head) throws IOException {
    if (head) {
      exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    }
  }
}
