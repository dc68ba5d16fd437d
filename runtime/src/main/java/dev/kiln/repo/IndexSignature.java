package dev.kiln.repo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A detached signature over the exact bytes of a {@code Packages} file, kept beside it as
 * {@code Packages.sig}: one line {@code kiln-ed25519-signature KEYID BASE64}.
 */
public record IndexSignature(String keyId, byte[] signature) {
  public static final String FILE = "Packages.sig";
  static final String TAG = "kiln-ed25519-signature";
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  /** Ed25519 signatures are always this long. */
  private static final int LENGTH = 64;

  public IndexSignature {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("key id \"" + keyId + "\" is not 16 hex digits");
    }
    if (signature.length != LENGTH) {
      throw new IllegalArgumentException("an Ed25519 signature is " + LENGTH + " bytes, not " + signature.length);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public byte[] render() {
    return (TAG + " " + keyId + " " + Base64.getEncoder().encodeToString(signature) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static IndexSignature parse(byte[] bytes, String where) throws RepoFormatException {
    String[] words = new String(bytes, StandardCharsets.UTF_8).strip().split(" ");
    if (words.length != 3 || !words[0].equals(TAG)) {
      throw new RepoFormatException(where, "not a kiln signature (want \"" + TAG + " KEYID BASE64\")");
    }
    try {
      return new IndexSignature(words[1], Base64.getDecoder().decode(words[2]));
    } catch (IllegalArgumentException e) {
      throw new RepoFormatException(where, e.getMessage());
    }
  }
}
