package dev.kiln.plan;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Package;
import dev.kiln.model.Patch;
import dev.kiln.model.Source;
import dev.kiln.model.Stage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.SortedMap;

/**
 * The canonical encoding of a package that its hash is taken over. Every field is written as
 * {@code tag, length, bytes}, so no two different packages encode to the same bytes, and nothing
 * that varies between machines (paths, mirrors, URLs, job count) is part of it.
 */
final class PackageHash {
  /** Bump when the encoding changes: every hash changes with it, as it must. */
  private static final String VERSION = "kiln-package-v2";

  private final MessageDigest digest = Sha256.newDigest();

  private PackageHash() {}

  /**
   * @param inputs the hashes of the package's build inputs by dependency name, sorted
   */
  static Sha256 of(Package pkg, Stage stage, SortedMap<String, Sha256> inputs, java.util.Optional<Sha256> host) {
    PackageHash h = new PackageHash();
    h.field("encoding", VERSION);
    h.field("name", pkg.name());
    h.field("version", pkg.version());
    h.field("stage", stage.name());
    h.field("stage-imports-host", Boolean.toString(stage.importsHost()));
    for (Source source : pkg.sources()) {
      h.field("source", source.sha256().hex());
      h.field("source-name", source.fileName());
    }
    for (Patch patch : pkg.patches()) {
      h.field("patch", patch.sha256().hex());
      h.field("patch-name", patch.source().fileName());
    }
    h.field("script", pkg.script());
    if (host.isPresent()) {
      h.field("host-import", host.get().hex());
    }
    for (Map.Entry<String, String> e : pkg.env().entrySet()) {
      h.field("env", e.getKey());
      h.field("env-value", e.getValue());
    }
    for (Map.Entry<String, Sha256> e : inputs.entrySet()) {
      h.field("input", e.getKey());
      h.field("input-hash", e.getValue().hex());
    }
    return Sha256.fromDigest(h.digest);
  }

  private void field(String tag, String value) {
    write(tag.getBytes(StandardCharsets.UTF_8));
    write(value.getBytes(StandardCharsets.UTF_8));
  }

  private void write(byte[] bytes) {
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }
}
