package dev.kiln.fetch;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Somewhere a source may already be, looked up by sha256 before any URL is tried. */
public interface Mirror {
  /** A candidate file for this source, or empty. The fetcher verifies the sha256 of whatever is returned. */
  Optional<Path> find(Sha256 sha256, String fileName) throws IOException;

  /** A short description for messages, e.g. "mirror distfiles/". */
  String describe();
}
