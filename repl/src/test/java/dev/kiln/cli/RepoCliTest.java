package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hash.Sha256;
import dev.kiln.repo.RepoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln repo keygen / publish / sync, kiln serve, and substitution in kiln run, end to end. */
class RepoCliTest {
  @TempDir Path dir;
  private Path recipe;

  private static final String TOOLS = """
      package "tool", "2.0" do
        build do
          sh "mkdir -p #{prefix}/bin"
          sh "printf '#!/bin/sh\\\\necho tool says hi\\\\n' > #{prefix}/bin/tool && chmod +x #{prefix}/bin/tool"
          sh "ln -s tool #{prefix}/bin/t"
        end
      end
      package "app", "1.0" do
        depends_on "tool"
        build { sh "mkdir -p #{prefix} && tool > #{prefix}/said" }
      end
      """;

  private String home(String name) {
    return dir.resolve(name).toString();
  }

  /** Builds the recipe in home "a" and publishes it to "repo" signed with a fresh key "up". */
  @BeforeEach
  void buildAndPublish() throws Exception {
    recipe = Files.writeString(dir.resolve("recipe.rb"), TOOLS);
    ok(Kiln.run("run", "--home", home("a"), recipe.toString()));
    Kiln.Result keygen = ok(Kiln.run("repo", "keygen", "up", "--home", home("a")));
    assertTrue(keygen.out().contains(home("a") + "/keys/up.key"), keygen.toString());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/keys/up.key"))));
    Kiln.Result publish = ok(Kiln.run("repo", "publish", "--home", home("a"), "-f", recipe.toString(), "--sign", "up",
        dir.resolve("repo").toString()));
    assertTrue(publish.out().contains("published tool 2.0  packages/tool-2.0-"), publish.toString());
    assertTrue(publish.err().contains("2 packages published, index signed with up"), publish.toString());
  }

  private static Kiln.Result ok(Kiln.Result result) {
    assertEquals(0, result.exit(), result.toString());
    return result;
  }

  private Path recipeWith(String repoLine) throws IOException {
    return Files.writeString(dir.resolve("client.rb"), repoLine + "\n" + TOOLS);
  }

  @Test
  void an_empty_store_substitutes_everything_from_a_served_signed_repo_and_builds_nothing() throws Exception {
    try (RepoServer server = RepoServer.start(dir.resolve("repo"), new InetSocketAddress("127.0.0.1", 0))) {
      Path client = recipeWith("repo \"up\", url: \"http://127.0.0.1:" + server.port() + "\", key: \"a/keys/up.pub\"");
      Kiln.Result sync = ok(Kiln.run("repo", "sync", "--home", home("b"), "-f", client.toString()));
      assertTrue(sync.out().matches("(?s)up: 2 packages from http://127\\.0\\.0\\.1:\\d+/, signed by up \\([0-9a-f]{16}\\)\\n"),
          sync.toString());

      Kiln.Result run = ok(Kiln.run("run", "--home", home("b"), client.toString()));
      assertTrue(run.err().contains("[1/2] tool 2.0 (") && run.err().contains("substituted tool 2.0 from up"), run.toString());
      assertTrue(run.err().contains("substituted app 1.0 from up"), run.toString());
      assertFalse(run.err().contains("built in"), "no builds: " + run);
      assertFalse(Files.exists(dir.resolve("b/logs")) && Files.list(dir.resolve("b/logs")).findAny().isPresent(),
          "no build logs: nothing was built");
      assertEquals(listing(dir.resolve("a/store")), listing(dir.resolve("b/store")));
    }
  }

  @Test
  void no_substitute_builds_anyway() throws Exception {
    Path client = recipeWith("repo \"up\", path: \"repo\", key: \"a/keys/up.pub\"");
    Kiln.Result run = ok(Kiln.run("run", "--home", home("b"), "--no-substitute", client.toString()));
    assertTrue(run.err().contains("built 2 packages"), run.toString());
    assertFalse(run.err().contains("substituted"), run.toString());
  }

  @Test
  void an_unsigned_repo_is_refused_unless_trusted_and_the_run_builds_instead() throws Exception {
    ok(Kiln.run("repo", "publish", "--home", home("a"), "-f", recipe.toString(), dir.resolve("plain").toString(), "tool"));
    Path client = recipeWith("repo \"plain\", path: \"plain\"");
    Kiln.Result sync = Kiln.run("repo", "sync", "--home", home("b"), "-f", client.toString());
    assertEquals(1, sync.exit(), sync.toString());
    assertTrue(sync.err().contains("repo plain: the index is not signed (no Packages.sig); refusing its index"), sync.toString());
    Kiln.Result insecure = ok(Kiln.run("repo", "sync", "--insecure", "--home", home("b"), "-f", client.toString()));
    assertTrue(insecure.out().contains("plain: 1 package from file:"), insecure.toString());
    assertTrue(insecure.out().contains("NOT verified"), insecure.toString());

    Kiln.Result run = ok(Kiln.run("run", "--home", home("b"), client.toString()));
    assertTrue(run.err().contains("kiln: warning: repo plain: the index is not signed"), run.toString());
    assertTrue(run.err().contains("built 2 packages"), run.toString());

    Path trusting = recipeWith("repo \"plain\", path: \"plain\", trusted: true");
    Kiln.Result trusted = ok(Kiln.run("run", "--home", home("c"), trusting.toString()));
    assertTrue(trusted.err().contains("substituted tool 2.0 from plain"), trusted.toString());
    assertTrue(trusted.err().contains("built 1 package"), "app is not in that repo: " + trusted);
  }

  @Test
  void repo_trust_makes_a_key_trusted_for_every_repo() throws Exception {
    Path client = recipeWith("repo \"up\", path: \"repo\"");
    assertEquals(1, Kiln.run("repo", "sync", "--home", home("b"), "-f", client.toString()).exit());
    ok(Kiln.run("repo", "trust", "--home", home("b"), dir.resolve("a/keys/up.pub").toString()));
    ok(Kiln.run("repo", "sync", "--home", home("b"), "-f", client.toString()));
    assertTrue(Files.isRegularFile(dir.resolve("b/repos/up/Packages")), "the verified index is cached");
  }

  @Test
  void publishing_again_is_byte_identical_and_unbuilt_packages_are_named() throws Exception {
    byte[] index = Files.readAllBytes(dir.resolve("repo/Packages"));
    ok(Kiln.run("repo", "publish", "--home", home("a"), "-f", recipe.toString(), "--sign", "up", dir.resolve("repo").toString()));
    assertEquals(Sha256.ofBytes(index), Sha256.ofFile(dir.resolve("repo/Packages")));
    Kiln.Result missing = Kiln.run("repo", "publish", "--home", home("empty"), "-f", recipe.toString(),
        dir.resolve("repo").toString(), "app");
    assertEquals(1, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("tool 2.0 is not built"), missing.toString());
  }

  @Test
  void kiln_serve_serves_the_repo_until_stopped() throws Exception {
    Path log = dir.resolve("serve.log");
    Process serve = Kiln.start(log, "serve", dir.resolve("repo").toString(), "--port", "0", "--bind", "127.0.0.1");
    try {
      String url = null;
      for (int i = 0; i < 200 && url == null; i++) {
        var m = java.util.regex.Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher(Files.readString(log));
        url = m.find() ? m.group(1) : null;
        Thread.sleep(100);
      }
      assertTrue(url != null, "serve said where: " + Files.readString(log));
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains(">tool</a></td><td>2.0</td>"), page.body());
    } finally {
      serve.destroy();
      assertTrue(serve.waitFor(10, TimeUnit.SECONDS));
    }
    Kiln.Result nowhere = Kiln.run("serve", dir.resolve("nowhere").toString(), "--port", "0");
    assertEquals(1, nowhere.exit(), nowhere.toString());
    assertTrue(nowhere.err().contains("not a directory"), nowhere.toString());
  }

  /** Every path under a store with its kind, mode and content or link target. */
  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        out.put(root.relativize(p).toString(), Files.isSymbolicLink(p) ? "l " + Files.readSymbolicLink(p)
            : Files.isDirectory(p) ? "d " + mode : "f " + mode + " " + Sha256.ofFile(p));
      }
    }
    return out;
  }
}
