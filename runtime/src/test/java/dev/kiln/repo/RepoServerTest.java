package dev.kiln.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on 127.0.0.1, spoken to with the JDK's client and, for hostile paths, a raw socket. */
class RepoServerTest {
  @TempDir Path dir;
  private Path repo;
  private RepoServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final byte[] archive = new byte[10_000];

  @BeforeEach
  void start() throws Exception {
    repo = Files.createDirectories(dir.resolve("repo"));
    IndexEntry entry = RepoIndexTest.entry("tool", "2.0", List.of());
    Files.write(repo.resolve(RepoIndex.FILE), RepoIndex.of(List.of(entry, RepoIndexTest.entry("libc", "1.0", List.of()))).render());
    Files.createDirectories(repo.resolve("packages"));
    Arrays.fill(archive, (byte) 'x');
    archive[0] = 'A';
    archive[archive.length - 1] = 'Z';
    Files.write(repo.resolve(entry.filename()), archive);
    Files.writeString(repo.resolve(".lock"), "");
    Files.writeString(dir.resolve("secret"), "outside the repo");
    Files.createSymbolicLink(repo.resolve("escape"), dir.resolve("secret"));
    server = RepoServer.start(repo, new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private String archivePath() throws Exception {
    try (var files = Files.list(repo.resolve("packages"))) {
      return "/packages/" + files.findFirst().orElseThrow().getFileName();
    }
  }

  @Test
  void serves_files_with_their_content_types() throws Exception {
    HttpResponse<byte[]> index = get("/Packages");
    assertEquals(200, index.statusCode());
    assertEquals("text/plain; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(Files.readAllBytes(repo.resolve("Packages")), index.body());
    HttpResponse<byte[]> pkg = get(archivePath());
    assertEquals(200, pkg.statusCode());
    assertEquals("application/zstd", pkg.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("bytes", pkg.headers().firstValue("Accept-Ranges").orElseThrow());
    assertArrayEquals(archive, pkg.body());
  }

  @Test
  void head_gives_the_length_without_the_body() throws Exception {
    HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + archivePath())).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals(archive.length, head.headers().firstValueAsLong("Content-Length").orElseThrow());
    assertEquals(0, head.body().length);
  }

  @Test
  void serves_byte_ranges_and_refuses_unsatisfiable_ones() throws Exception {
    HttpResponse<byte[]> first = get(archivePath(), "Range", "bytes=0-9");
    assertEquals(206, first.statusCode());
    assertEquals("bytes 0-9/10000", first.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(archive, 0, 10), first.body());
    HttpResponse<byte[]> rest = get(archivePath(), "Range", "bytes=9990-");
    assertEquals(206, rest.statusCode());
    assertArrayEquals(Arrays.copyOfRange(archive, 9990, 10000), rest.body());
    HttpResponse<byte[]> suffix = get(archivePath(), "Range", "bytes=-1");
    assertEquals("Z", new String(suffix.body(), StandardCharsets.US_ASCII));
    assertEquals("bytes 9999-9999/10000", suffix.headers().firstValue("Content-Range").orElseThrow());
    HttpResponse<byte[]> past = get(archivePath(), "Range", "bytes=10000-");
    assertEquals(416, past.statusCode());
    assertEquals("bytes */10000", past.headers().firstValue("Content-Range").orElseThrow());
    assertEquals(200, get(archivePath(), "Range", "bytes=0-1,5-6").statusCode(), "several ranges: the whole file");
  }

  @Test
  void lists_packages_as_html_at_the_root() throws Exception {
    HttpResponse<byte[]> page = get("/");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertTrue(html.contains("2 packages"), html);
    assertTrue(html.contains(">tool</a></td><td>2.0</td><td>1000</td><td><code>"), html);
    assertTrue(html.contains(">libc</a></td><td>1.0</td>"), html);
    assertTrue(html.indexOf(">libc<") < html.indexOf(">tool<"), "sorted by name: " + html);
  }

  @Test
  void missing_and_hidden_files_are_404_and_writes_are_405() throws Exception {
    assertEquals(404, get("/nope").statusCode());
    assertEquals(404, get("/.lock").statusCode());
    assertEquals(404, get("/packages").statusCode(), "directories other than the root are not listed");
    assertEquals(404, get("/escape").statusCode(), "a symlink leading out of the repo");
    HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/Packages"))
        .PUT(HttpRequest.BodyPublishers.ofString("mine")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, put.statusCode());
    assertEquals("GET, HEAD", put.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void directory_traversal_is_refused_plain_or_encoded() throws Exception {
    for (String path : List.of("/../secret", "/%2e%2e/secret", "/%2E%2E/secret", "/packages/%2e%2e/%2e%2e/secret",
        "/..%2fsecret", "/%2e%2e%2fsecret", "/packages/..", "/./Packages", "/%00", "/%zz")) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), path + " -> " + answer);
      assertFalse(answer.contains("outside the repo"), path);
    }
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
