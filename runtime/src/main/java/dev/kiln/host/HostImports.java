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
import java.util.HashMap;
import java.util.Map;

/**
 * Imports host files into a package: resolves what a {@link HostImport} needs, lists it with each
 * file's content hash ({@link HostManifest}, whose fingerprint becomes part of the package hash), and
 * copies it. File digests
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

  /** What the import would copy from the host below {@code root}, with each file's content hash. */
  public HostManifest manifest(HostImport imported, Path root) throws IOException {
    java.util.TreeMap<String, String> manifest = new java.util.TreeMap<>();
    for (HostEntry entry : HostImportResolver.resolve(imported, root)) {
      Path file = HostImportResolver.onDisk(root, entry.path());
      manifest.put(entry.path(), switch (entry.kind()) {
        case DIRECTORY -> HostManifest.directory();
        case SYMLINK -> HostManifest.link(entry.linkTarget());
        case FILE -> HostManifest.file(HostManifest.executable(file), Sha256.of(contentHash(file)));
      });
    }
    save();
    return new HostManifest(manifest);
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

  /**
   * Copies the import from the host below {@code root} into {@code out}, each entry at its host path
   * below it, and returns the manifest of what was copied: the copies' content, not the host's, so
   * that what the store holds is exactly what the manifest says.
   */
  public static HostManifest copy(HostImport imported, Path root, Path out) throws IOException {
    java.util.TreeMap<String, String> manifest = new java.util.TreeMap<>();
    for (HostEntry entry : HostImportResolver.resolve(imported, root)) {
      Path target = out.resolve(entry.path().substring(1));
      switch (entry.kind()) {
        case DIRECTORY -> {
          Files.createDirectories(target);
          manifest.put(entry.path(), HostManifest.directory());
        }
        case SYMLINK -> {
          Files.createSymbolicLink(target, Path.of(entry.linkTarget()));
          manifest.put(entry.path(), HostManifest.link(entry.linkTarget()));
        }
        case FILE -> {
          Files.copy(HostImportResolver.onDisk(root, entry.path()), target, StandardCopyOption.COPY_ATTRIBUTES,
              LinkOption.NOFOLLOW_LINKS);
          manifest.put(entry.path(), HostManifest.file(HostManifest.executable(target), Sha256.ofFile(target)));
        }
      }
    }
    return new HostManifest(manifest);
  }
}
