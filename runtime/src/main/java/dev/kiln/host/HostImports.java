package dev.kiln.host;

import dev.kiln.hash.Sha256;
import dev.kiln.model.HostImport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports host files into a package: resolves what a {@link HostImport} needs, fingerprints it by
 * content (so the package hash changes when the host's compiler does), and copies it. File digests
 * are cached by path, size, mtime and inode, as git's index does, so a no-op run hashes nothing.
 */
public final class HostImports {
  private final Path cacheFile;
  private final Map<String, String> cache = new HashMap<>();
  private boolean dirty;

  private HostImports(Path cacheFile) {
    this.cacheFile = cacheFile;
  }

  /** Digests cached in {@code cacheFile} (created on first use); null keeps them in memory only. */
  public static HostImports withCache(Path cacheFile) throws IOException {
    HostImports imports = new HostImports(cacheFile);
    if (cacheFile != null && Files.isRegularFile(cacheFile)) {
      for (String line : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
        int tab = line.lastIndexOf('\t');
        if (tab > 0) {
          imports.cache.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    return imports;
  }

  /** The content fingerprint of everything the import would copy. */
  public Sha256 fingerprint(HostImport imported) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    for (HostEntry entry : HostImportResolver.resolve(imported)) {
      digest.update((entry.kind() + " " + entry.path() + "\n").getBytes(StandardCharsets.UTF_8));
      if (entry.kind() == HostEntry.Kind.SYMLINK) {
        digest.update(("-> " + entry.linkTarget() + "\n").getBytes(StandardCharsets.UTF_8));
      } else if (entry.kind() == HostEntry.Kind.FILE) {
        Path file = Path.of(entry.path());
        String mode = Files.isExecutable(file) ? "x" : "-";
        digest.update((mode + " " + contentHash(file) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    save();
    return Sha256.fromDigest(digest);
  }

  private String contentHash(Path file) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String key = file + "\t" + attrs.size() + "\t" + attrs.lastModifiedTime().toMillis() + "\t" + attrs.fileKey();
    String known = cache.get(key);
    if (known == null) {
      known = Sha256.ofFile(file).hex();
      cache.put(key, known);
      dirty = true;
    }
    return known;
  }

  private void save() throws IOException {
    if (!dirty || cacheFile == null) {
      return;
    }
    StringBuilder text = new StringBuilder();
    cache.forEach((key, hash) -> text.append(key).append('\t').append(hash).append('\n'));
    Files.createDirectories(cacheFile.getParent());
    Path tmp = cacheFile.resolveSibling(cacheFile.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    dirty = false;
  }

  /** Copies the import into {@code out}, each entry at its host path below it. */
  public static void copy(HostImport imported, Path out) throws IOException {
    List<HostEntry> entries = HostImportResolver.resolve(imported);
    for (HostEntry entry : entries) {
      Path target = out.resolve(entry.path().substring(1));
      switch (entry.kind()) {
        case DIRECTORY -> Files.createDirectories(target);
        case SYMLINK -> Files.createSymbolicLink(target, Path.of(entry.linkTarget()));
        case FILE -> Files.copy(Path.of(entry.path()), target, StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
      }
    }
  }
}
