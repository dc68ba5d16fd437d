package dev.kiln.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.env.FakeEntries;
import dev.kiln.hash.Sha256;
import dev.kiln.model.ImageSpec;
import dev.kiln.store.Store;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
  @TempDir Path dir;

  /** A store with a tool that refers to a library, made in {@code home}; returns the tool's entry. */
  private static String tool(Store store) throws Exception {
    String lib = FakeEntries.add(store, "libc", Map.of("lib/libc.so", "libc"), List.of());
    return FakeEntries.add(store, "tool", Map.of("bin/tool", "#!/bin/sh uses " + Store.containerPath(lib)), List.of(lib));
  }

  private Path build(String home, ImageSpec.Format format) throws Exception {
    Store store = Store.open(dir.resolve(home));
    String entry = Images.build(store, "rootfs", List.of(tool(store)), format, List.of());
    return Images.output(store, entry, format);
  }

  @Test
  void a_tar_image_holds_the_closure_under_the_store_path_and_the_usr_view_and_is_byte_identical_when_built_again()
      throws Exception {
    Path first = build("one", ImageSpec.Format.TAR);
    Path second = build("two", ImageSpec.Format.TAR);
    assertEquals(Sha256.ofFile(first), Sha256.ofFile(second), "two builds, one sha256");

    Map<String, TarArchiveEntry> members = new TreeMap<>();
    try (InputStream in = Files.newInputStream(first); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        members.put(e.getName(), e);
        assertEquals(0, e.getLongUserId());
        assertEquals(Store.SOURCE_DATE_EPOCH, e.getLastModifiedTime().toInstant().getEpochSecond());
      }
    }
    String tool = members.keySet().stream().filter(n -> n.matches("kiln/store/tool-1-[0-9a-f]+/bin/tool")).findFirst().orElseThrow();
    assertTrue(members.keySet().stream().anyMatch(n -> n.matches("kiln/store/libc-1-[0-9a-f]+/lib/libc.so")), "the closure is in");
    assertEquals("usr/bin", members.get("bin").getLinkName());
    assertEquals("/" + tool.substring(0, tool.length() - "/bin/tool".length()) + "/bin", members.get("usr/bin").getLinkName(),
        "one package provides bin: the directory itself is linked");
    assertEquals(01777, members.get("tmp/").getMode() & 07777);
    List<String> names = new ArrayList<>(members.keySet());
    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  void an_oci_layout_is_deterministic_and_skopeo_reads_and_copies_it() throws Exception {
    Path first = build("one", ImageSpec.Format.OCI);
    Path second = build("two", ImageSpec.Format.OCI);
    assertEquals(tree(first), tree(second));
    assertTrue(Files.readString(first.resolve("index.json")).contains("\"org.opencontainers.image.ref.name\":\"latest\""));

    assumeTrue(onPath("skopeo"), "skopeo is not installed (apt-get install -y skopeo)");
    String inspect = run("skopeo", "inspect", "oci:" + first + ":latest");
    assertTrue(inspect.contains("\"Architecture\": \"" + OciWriter.architecture() + "\""), inspect);
    assertTrue(inspect.contains("\"Os\": \"linux\""), inspect);
    // A copy reads every blob and checks it against its digest.
    run("skopeo", "copy", "oci:" + first + ":latest", "dir:" + dir.resolve("copied"));
    assertTrue(Files.exists(dir.resolve("copied/manifest.json")));
  }

  @Test
  void a_dir_image_is_the_same_tree_as_the_tar() throws Exception {
    Path root = build("one", ImageSpec.Format.DIR);
    // Links are absolute as the image sees them: usr/bin -> /kiln/store/tool-…/bin, inside the image.
    String usrBin = Files.readSymbolicLink(root.resolve("usr/bin")).toString();
    assertTrue(usrBin.matches("/kiln/store/tool-1-[0-9a-f]+/bin"), usrBin);
    assertTrue(Files.readString(root.resolve(usrBin.substring(1)).resolve("tool")).startsWith("#!/bin/sh uses"));
    try (Stream<Path> store = Files.list(root.resolve("kiln/store"))) {
      assertEquals(2, store.count());
    }
    assertEquals(Path.of("usr/bin"), Files.readSymbolicLink(root.resolve("bin")));
  }

  private static Map<String, String> tree(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Sha256.ofFile(p).hex());
      }
    }
    return files;
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  private static String run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", argv) + ":\n" + out);
    return out;
  }
}
