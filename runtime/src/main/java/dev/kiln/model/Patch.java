package dev.kiln.model;

import dev.kiln.hash.Sha256;
import java.util.Objects;

/**
 * A patch applied to the unpacked sources before the build steps, with {@code patch -p<strip>}.
 *
 * @param source where the patch comes from and its sha256 (a local recipe file is hashed at evaluation)
 * @param strip the number of leading path components to strip
 */
public record Patch(Source source, int strip) {
  public Patch {
    Objects.requireNonNull(source, "source");
    if (strip < 0) {
      throw new IllegalArgumentException("patch strip must be >= 0, got " + strip);
    }
  }

  public Sha256 sha256() {
    return source.sha256();
  }
}
