package dev.kiln.model;

import dev.kiln.hash.Sha256;
import java.net.URI;
import java.util.Objects;

/**
 * A source file of a package: where it can be fetched from, the sha256 it must have, the file name
 * it is unpacked under, and how far it may expand when it is an archive. Only the sha256 and the
 * file name take part in the package hash, so a recipe hashes the same wherever its files or mirrors
 * live (and the caps, which cannot change what a successful unpack writes, stay out too).
 *
 * @param location an {@code http(s)://} or {@code file:} URI; relative recipe paths are resolved by the DSL
 * @param sha256 the expected digest of the file's bytes
 * @param fileName the last path segment of the location unless the recipe names one
 * @param unpackLimits the caps on unpacking it ({@code max_size:}, {@code max_ratio:} in a recipe)
 */
public record Source(URI location, Sha256 sha256, String fileName, UnpackLimits unpackLimits) {
  public Source {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(unpackLimits, "unpackLimits");
    if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.equals("..") || fileName.equals(".")) {
      throw new IllegalArgumentException("bad source file name: \"" + fileName + "\"");
    }
  }

  /** A source with the default caps. */
  public Source(URI location, Sha256 sha256, String fileName) {
    this(location, sha256, fileName, UnpackLimits.DEFAULT);
  }

  /** A source named by its location's last path segment. */
  public static Source of(URI location, Sha256 sha256) {
    return new Source(location, sha256, fileNameOf(location));
  }

  static String fileNameOf(URI location) {
    String path = location.getPath();
    if (path == null) {
      path = location.getSchemeSpecificPart();
    }
    int slash = path.lastIndexOf('/');
    return slash >= 0 ? path.substring(slash + 1) : path;
  }
}
