package dev.kiln.repo;

import java.io.IOException;

/** An index that is unsigned, signed by no trusted key, or whose signature does not match its bytes. */
public final class UntrustedIndexException extends IOException {
  public UntrustedIndexException(String repo, String problem, String hint) {
    super("repo " + repo + ": " + problem + "; refusing its index\n  hint: " + hint);
  }
}
