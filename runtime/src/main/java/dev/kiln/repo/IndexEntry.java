package dev.kiln.repo;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Source;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One stanza of a {@code Packages} index: a package and the archive that holds it.
 *
 * @param filename the archive's path relative to the repo, plain names only (no "..", no scheme)
 * @param size the archive's length in bytes
 * @param sha256 the archive's digest; with the filename it is exactly a {@link Source}
 */
public record IndexEntry(PackageInfo info, String filename, long size, Sha256 sha256) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]*");

  public IndexEntry {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(sha256, "sha256");
    checkFilename(filename);
    if (size < 0) {
      throw new IllegalArgumentException("negative size of " + filename);
    }
  }

  /** Refuses names that could reach outside the repo when resolved against its URL or directory. */
  static String checkFilename(String filename) {
    if (filename == null || filename.isEmpty()) {
      throw new IllegalArgumentException("empty Filename");
    }
    for (String segment : filename.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
        throw new IllegalArgumentException("Filename \"" + filename
            + "\" must be a relative path of plain names (letters, digits, . _ + -)");
      }
    }
    return filename;
  }

  /** The archive as a source to fetch: the fetcher refuses it unless its bytes have this sha256. */
  public Source source(URI repoBase) {
    return new Source(repoBase.resolve(filename), sha256, filename.substring(filename.lastIndexOf('/') + 1));
  }

  void write(Stanza.Writer out) {
    info.write(out);
    out.field("Filename", filename).field("Size", Long.toString(size)).field("SHA256", sha256.hex()).end();
  }

  static IndexEntry read(Stanza stanza) throws RepoFormatException {
    PackageInfo info = PackageInfo.read(stanza);
    try {
      return new IndexEntry(info, stanza.require("Filename"), stanza.number("Size"), Sha256.of(stanza.require("SHA256")));
    } catch (IllegalArgumentException e) {
      throw new RepoFormatException(stanza.where(), e.getMessage());
    }
  }
}
