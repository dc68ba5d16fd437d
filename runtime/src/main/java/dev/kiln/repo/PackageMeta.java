package dev.kiln.repo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata file inside a package archive ({@code .kiln/meta}): the package's info and a manifest of
 * its tree, one {@link FileRecord} per member in archive order, each file with its sha256. The unpacker
 * holds the archive to this manifest member by member.
 */
public record PackageMeta(PackageInfo info, List<FileRecord> files) {
  static final String FORMAT = "kiln-package-1";

  public PackageMeta {
    files = List.copyOf(files);
    if (files.isEmpty() || !files.get(0).isRoot() || files.get(0).kind() != FileRecord.Kind.DIRECTORY) {
      throw new IllegalArgumentException("a package's file list must start with its root directory");
    }
  }

  byte[] render() {
    StringBuilder text = new StringBuilder();
    Stanza.Writer out = new Stanza.Writer(text).field("Format", FORMAT);
    info.write(out);
    StringBuilder lines = new StringBuilder();
    files.forEach(f -> lines.append('\n').append(f.line()));
    out.field("Files", lines.toString()).end();
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static PackageMeta parse(byte[] bytes, String where) throws RepoFormatException {
    List<Stanza> stanzas = Stanza.parseAll(bytes, where);
    if (stanzas.size() != 1) {
      throw new RepoFormatException(where, "expected one entry, found " + stanzas.size());
    }
    Stanza stanza = stanzas.get(0);
    if (!FORMAT.equals(stanza.require("Format"))) {
      throw new RepoFormatException(where, "unknown Format \"" + stanza.require("Format") + "\" (this kiln reads "
          + FORMAT + ")");
    }
    List<FileRecord> files = new ArrayList<>();
    for (String line : stanza.require("Files").split("\n")) {
      if (!line.isEmpty()) {
        files.add(FileRecord.parse(line, where));
      }
    }
    try {
      return new PackageMeta(PackageInfo.read(stanza), files);
    } catch (IllegalArgumentException e) {
      throw new RepoFormatException(where, e.getMessage());
    }
  }
}
