package dev.kiln.model;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A binary repository a recipe names with {@code repo "up", url: "http://…"} or {@code path: "dir"}:
 * where its {@code Packages} index lives and whom to trust for it.
 *
 * @param location the repo's base, an {@code http(s)://} URL or a {@code file:} directory, ending in "/"
 * @param key a public key file trusted for this repo only, besides the kiln home's trusted keys
 * @param trusted true to accept the index without a good signature (for local or test repos)
 */
public record RepoRef(String name, URI location, Optional<Path> key, boolean trusted, SourceLocation declaredAt) {
  public RepoRef {
    Names.check("repo", name);
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(declaredAt, "declaredAt");
    String scheme = location.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) && !"file".equals(scheme)) {
      throw new IllegalArgumentException("repo \"" + name + "\": unsupported location " + location
          + " (want http://, https:// or a directory)");
    }
    if (!location.getPath().endsWith("/")) {
      location = URI.create(location + "/"); // so that resolving a file name keeps the last segment
    }
  }

  /** A repo in a local directory. */
  public static RepoRef ofDirectory(String name, Path dir, Optional<Path> key, boolean trusted) {
    return new RepoRef(name, dir.toAbsolutePath().normalize().toUri(), key, trusted, SourceLocation.UNKNOWN);
  }
}
