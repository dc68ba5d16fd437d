package dev.kiln.model;

import java.util.List;
import java.util.Locale;

/**
 * A root file system made of packages and their run-time closure: the entries copied under the store
 * path, a merged {@code /usr} of links on top.
 *
 * @param command the default command of an OCI image (empty: {@code /bin/sh})
 */
public record ImageSpec(String name, String stage, List<String> packages, Format format, List<String> command,
    SourceLocation declaredAt) {
  public ImageSpec {
    Names.check("image", name);
    packages = List.copyOf(packages);
    command = List.copyOf(command);
    if (packages.isEmpty()) {
      throw new IllegalArgumentException("image \"" + name + "\" needs packages: [...]");
    }
  }

  /** How the image is written. */
  public enum Format {
    /** One tar file, {@code NAME.tar}. */
    TAR,
    /** The root as a directory tree. */
    DIR,
    /** An OCI image layout (index.json, blobs/sha256/...), one layer. */
    OCI;

    public static Format parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image format " + text + " is not one of :tar, :dir, :oci", e);
      }
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
