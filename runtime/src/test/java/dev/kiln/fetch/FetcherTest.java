package dev.kiln.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherTest {
  private static final String NAME = "busybox-1.36.1.tar.bz2";
  private static final byte[] CONTENT = bytes(3 * 1024 * 1024 + 17, 1);
  private static final Sha256 SHA = Sha256.ofBytes(CONTENT);

  @TempDir Path tmp;
  private Path distfiles;
  private TestServer server;

  @BeforeEach
  void start() throws IOException {
    distfiles = tmp.resolve("distfiles");
    server = new TestServer();
    server.serve("/files/" + NAME, CONTENT);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void downloads_over_http_and_caches_by_sha256() throws IOException {
    Path fetched = fetcher().fetch(httpSource());

    assertEquals(distfiles.resolve(SHA.hex()), fetched);
    assertEquals(fetched, fetcher().cachedPath(SHA));
    assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
    assertEquals(1, server.requests());
    assertEquals(List.of(SHA.hex()), cacheEntries());
  }

  @Test
  void second_fetch_uses_cache_without_network() throws IOException {
    Path first = fetcher().fetch(httpSource());
    server.close();

    Path second = fetcher().fetch(httpSource());

    assertEquals(first, second);
    assertArrayEquals(CONTENT, Files.readAllBytes(second));
    assertEquals(1, server.requests());
  }

  @Test
  void cache_hit_does_not_ask_mirrors() throws IOException {
    fetcher().fetch(httpSource());
    Mirror failing = new Mirror() {
      @Override
      public Optional<Path> find(Sha256 sha256, String fileName) {
        return fail("a cached source must not be looked up in mirrors");
      }

      @Override
      public String describe() {
        return "failing mirror";
      }
    };

    new Fetcher(distfiles, List.of(failing), FetchListener.silent()).fetch(httpSource());
  }

  @Test
  void mirror_is_consulted_before_url() throws IOException {
    Path mirrorDir = Files.createDirectories(tmp.resolve("mirror"));
    Files.write(mirrorDir.resolve(NAME), CONTENT);
    RecordingListener listener = new RecordingListener();
    DirectoryMirror mirror = new DirectoryMirror(mirrorDir);

    Path fetched = new Fetcher(distfiles, List.of(mirror), listener).fetch(httpSource());

    assertEquals(0, server.requests());
    assertEquals(distfiles.resolve(SHA.hex()), fetched);
    assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
    assertTrue(listener.events().contains("fetched " + mirror.describe()), listener.events().toString());
  }

  @Test
  void mismatching_mirror_file_is_skipped_and_url_used() throws IOException {
    Path mirrorDir = Files.createDirectories(tmp.resolve("mirror"));
    byte[] stale = "an older tarball".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(mirrorDir.resolve(SHA.hex()), stale);

    Path fetched = new Fetcher(distfiles, List.of(new DirectoryMirror(mirrorDir)), FetchListener.silent())
        .fetch(httpSource());

    assertEquals(1, server.requests());
    assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
    assertArrayEquals(stale, Files.readAllBytes(mirrorDir.resolve(SHA.hex())), "the mirror is only read");
    assertEquals(List.of(SHA.hex()), cacheEntries());
  }

  @Test
  void wrong_sha256_names_file_expected_and_actual_and_keeps_nothing() throws IOException {
    Sha256 wrong = Sha256.ofString("not the tarball");
    Source source = Source.of(server.uri("/files/" + NAME), wrong);

    ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> fetcher().fetch(source));

    assertTrue(e.getMessage().contains(NAME), e.getMessage());
    assertTrue(e.getMessage().contains(source.location().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected: " + wrong.hex()), e.getMessage());
    assertTrue(e.getMessage().contains("actual:   " + SHA.hex()), e.getMessage());
    assertEquals(NAME, e.file());
    assertEquals(wrong, e.expected());
    assertEquals(SHA, e.actual());
    assertFalse(Files.exists(distfiles.resolve(wrong.hex())));
    assertEquals(List.of(), cacheEntries(), "no file under either hash and no .part leftovers");
  }

  @Test
  void http_404_is_a_clear_error() {
    Source source = Source.of(server.uri("/files/missing-1.0.tar.gz"), SHA);

    IOException e = assertThrows(IOException.class, () -> fetcher().fetch(source));

    assertFalse(e instanceof ChecksumMismatchException);
    assertTrue(e.getMessage().contains("404"), e.getMessage());
    assertTrue(e.getMessage().contains(source.location().toString()), e.getMessage());
    assertFalse(Files.exists(distfiles.resolve(SHA.hex())));
  }

  @Test
  void unreachable_server_is_named_in_the_error() throws IOException {
    Source source = httpSource();
    server.close();

    IOException e = assertThrows(IOException.class, () -> fetcher().fetch(source));

    assertTrue(e.getMessage().contains(source.location() + ": cannot connect"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    assertEquals(List.of(), cacheEntries());
  }

  @Test
  void failure_lists_every_mirror_and_the_url() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path stale = Files.createDirectories(tmp.resolve("stale"));
    Files.writeString(stale.resolve("missing-1.0.tar.gz"), "stale");
    List<Mirror> mirrors = List.of(new DirectoryMirror(empty), new DirectoryMirror(stale));
    Source source = Source.of(server.uri("/files/missing-1.0.tar.gz"), SHA);

    IOException e = assertThrows(IOException.class,
        () -> new Fetcher(distfiles, mirrors, FetchListener.silent()).fetch(source));

    String message = e.getMessage();
    assertTrue(message.contains(mirrors.get(0).describe() + ": not there"), message);
    assertTrue(message.contains(mirrors.get(1).describe() + ": sha256 mismatch"), message);
    assertTrue(message.contains(source.location() + ": "), message);
    assertTrue(message.contains("404"), message);
    assertInstanceOf(ChecksumMismatchException.class, e.getSuppressed()[0]);
    assertEquals(List.of(), cacheEntries());
  }

  @Test
  void file_uri_source_is_copied_into_cache() throws IOException {
    Path original = tmp.resolve("src").resolve(NAME);
    Files.createDirectories(original.getParent());
    Files.write(original, CONTENT);

    Path fetched = fetcher().fetch(Source.of(original.toUri(), SHA));

    assertEquals(distfiles.resolve(SHA.hex()), fetched);
    assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
    assertTrue(Files.exists(original), "the original stays where it was");
    assertEquals(0, server.requests());
  }

  @Test
  void missing_file_uri_names_the_path() {
    Path missing = tmp.resolve("nowhere").resolve(NAME);

    IOException e = assertThrows(IOException.class, () -> fetcher().fetch(Source.of(missing.toUri(), SHA)));

    assertTrue(e.getMessage().contains(missing.toUri() + ": no such file"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    assertEquals(1, e.getMessage().split(java.util.regex.Pattern.quote(missing.toString()), -1).length - 1,
        "the path is said once: " + e.getMessage());
  }

  @Test
  void unsupported_scheme_is_an_error() {
    Source source = Source.of(java.net.URI.create("ftp://example.org/pub/" + NAME), SHA);

    IOException e = assertThrows(IOException.class, () -> fetcher().fetch(source));

    assertTrue(e.getMessage().contains("unsupported URL scheme \"ftp\""), e.getMessage());
  }

  @Test
  void follows_redirects() throws IOException {
    server.redirect("/download/latest", server.uri("/files/" + NAME).toString());
    Source source = new Source(server.uri("/download/latest"), SHA, NAME);

    Path fetched = fetcher().fetch(source);

    assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
    assertEquals(2, server.requests());
  }

  @Test
  void progress_is_reported_about_every_mebibyte() throws IOException {
    RecordingListener listener = new RecordingListener();
    Source source = httpSource();

    new Fetcher(distfiles, List.of(), listener).fetch(source);

    List<String> events = listener.events();
    long total = CONTENT.length;
    assertEquals("fetching " + source.location(), events.get(0));
    assertEquals("fetched " + source.location(), events.get(events.size() - 1));
    List<String> progress = events.stream().filter(line -> line.startsWith("progress ")).toList();
    assertTrue(progress.size() >= 3 && progress.size() <= 5, progress.toString());
    assertEquals("progress " + total + "/" + total, progress.get(progress.size() - 1));
  }

  @Test
  void concurrent_fetches_of_one_sha256_leave_one_good_file() throws Exception {
    Source source = httpSource();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        // A fetcher each, as separate processes would have.
        Callable<Path> fetch = () -> fetcher().fetch(source);
        results.add(pool.submit(fetch));
      }
      for (Future<Path> result : results) {
        assertEquals(distfiles.resolve(SHA.hex()), result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertArrayEquals(CONTENT, Files.readAllBytes(distfiles.resolve(SHA.hex())));
    assertEquals(List.of(SHA.hex()), cacheEntries());
  }

  private Fetcher fetcher() {
    return new Fetcher(distfiles, List.of(), FetchListener.silent());
  }

  private Source httpSource() {
    return Source.of(server.uri("/files/" + NAME), SHA);
  }

  /** Every name in the cache directory, hidden .part files included. */
  private List<String> cacheEntries() throws IOException {
    if (!Files.isDirectory(distfiles)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(distfiles)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
