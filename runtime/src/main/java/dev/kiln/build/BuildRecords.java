package dev.kiln.build;

import dev.kiln.host.HostManifest;
import dev.kiln.plan.HashInputs;
import dev.kiln.store.Store;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * For each store entry, a small file {@code records/NAME-VERSION-HASH.inputs} listing what its hash
 * was taken over ({@link HashInputs}), written when the entry is committed. It lets kiln answer
 * "why must this rebuild?" by comparing a package with the last build of the same name.
 */
public final class BuildRecords {
  private static final String SUFFIX = ".inputs";
  private static final String HOST_FILES = ".host-files";

  private BuildRecords() {}

  /** A committed build's inputs, and when it was committed. */
  public record Entry(String storeName, HashInputs inputs, FileTime committed) {}

  /** Records an entry's inputs; written to a temporary file and renamed, like the entry itself. */
  static void write(Store store, String storeName, HashInputs inputs) throws IOException {
    Path dir = Files.createDirectories(dirOf(store));
    Path tmp = dir.resolve(storeName + SUFFIX + ".tmp-" + ProcessHandle.current().pid());
    Properties properties = new Properties();
    properties.putAll(inputs.asMap());
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      properties.store(out, "what the hash of " + storeName + " was taken over");
    }
    Files.move(tmp, dir.resolve(storeName + SUFFIX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * What differs between {@code p} and the last recorded build of a package of its name ({@code
   * since} is that build's store name), one line per field; nothing when it was never built.
   */
  public record Changes(String since, List<String> lines) {}

  public static Optional<Changes> sinceLastBuild(Store store, dev.kiln.plan.Plan plan, dev.kiln.plan.PlannedPackage p,
      dev.kiln.model.Stage stage) throws IOException {
    Optional<Entry> last = latestOther(store, p.name(), p.storeName());
    if (last.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Changes(last.get().storeName(), HashInputs.of(plan, p, stage).changesSince(last.get().inputs())));
  }

  /**
   * Records the host files a host import's entry holds ({@code records/ENTRY.host-files}, the
   * manifest's lines), so that kiln can later name the host files that changed since.
   */
  static void writeHostFiles(Store store, String storeName, HostManifest manifest) throws IOException {
    Path dir = Files.createDirectories(dirOf(store));
    Path tmp = dir.resolve(storeName + HOST_FILES + ".tmp-" + ProcessHandle.current().pid());
    Files.write(tmp, manifest.lines(), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(storeName + HOST_FILES), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The host files recorded for an entry, when it is a host import built by a kiln that records them. */
  public static Optional<HostManifest> hostFiles(Store store, String storeName) throws IOException {
    Path file = dirOf(store).resolve(storeName + HOST_FILES);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(HostManifest.parse(Files.readAllLines(file, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException damaged) {
      return Optional.empty(); // a record is a convenience: a damaged one is as good as none
    }
  }

  /** The most recently committed entry of package {@code name} other than {@code storeName}, if any. */
  public static Optional<Entry> latestOther(Store store, String name, String storeName) throws IOException {
    Path dir = dirOf(store);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Entry> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + "-*" + SUFFIX)) {
      for (Path file : files) {
        String entry = file.getFileName().toString();
        entry = entry.substring(0, entry.length() - SUFFIX.length());
        if (!entry.equals(storeName) && store.contains(entry)) {
          found.add(new Entry(entry, read(file), Files.getLastModifiedTime(file)));
        }
      }
    }
    // The glob also matches longer names ("gcc-libs-..." for "gcc"): the record says whose it is.
    return found.stream().filter(e -> e.inputs().name().equals(name)).max(Comparator.comparing(Entry::committed));
  }

  private static HashInputs read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    TreeMap<String, String> fields = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> fields.put(key, properties.getProperty(key)));
    return new HashInputs(fields);
  }

  private static Path dirOf(Store store) {
    return store.home().resolve("records");
  }
}
