package dev.kiln.repo;

import dev.kiln.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trusted Ed25519 public key, as a {@code .pub} file holds it: one line
 * {@code kiln-ed25519-public NAME BASE64} where BASE64 is the X.509 SubjectPublicKeyInfo encoding.
 *
 * @param id the first 16 hex digits of the sha256 of the encoded key: what a signature names
 */
public record RepoKey(String name, PublicKey key, String id) {
  static final String PUBLIC_TAG = "kiln-ed25519-public";
  static final String ALGORITHM = "Ed25519";
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  public RepoKey {
    checkName(name);
    Objects.requireNonNull(key, "key");
    if (!id.equals(idOf(key))) {
      throw new IllegalArgumentException("key id " + id + " does not belong to this key");
    }
  }

  public static RepoKey of(String name, PublicKey key) {
    return new RepoKey(name, key, idOf(key));
  }

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("key name \"" + name + "\" must be letters, digits, . _ + -");
    }
    return name;
  }

  static String idOf(PublicKey key) {
    return Sha256.ofBytes(key.getEncoded()).prefix(16);
  }

  /** True when {@code signature} is this key's over exactly {@code bytes}. */
  public boolean verifies(IndexSignature signature, byte[] bytes) {
    if (!signature.keyId().equals(id)) {
      return false;
    }
    try {
      java.security.Signature verifier = java.security.Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(bytes);
      return verifier.verify(signature.signature());
    } catch (java.security.SignatureException e) {
      return false; // a malformed signature is simply not a good one
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError("an Ed25519 public key verifies", e);
    }
  }

  String render() {
    return PUBLIC_TAG + " " + name + " " + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n";
  }

  public static RepoKey parse(byte[] bytes, Path file) throws RepoFormatException {
    String[] words = new String(bytes, StandardCharsets.UTF_8).strip().split(" ");
    if (words.length != 3 || !words[0].equals(PUBLIC_TAG)) {
      throw new RepoFormatException(file.toString(), "not a kiln public key (want \"" + PUBLIC_TAG + " NAME BASE64\")");
    }
    try {
      return of(words[1], publicKey(Base64.getDecoder().decode(words[2])));
    } catch (IllegalArgumentException | InvalidKeySpecException e) {
      throw new RepoFormatException(file.toString(), "bad public key: " + e.getMessage());
    }
  }

  static PublicKey publicKey(byte[] encoded) throws InvalidKeySpecException {
    return factory().generatePublic(new X509EncodedKeySpec(encoded));
  }

  static KeyFactory factory() {
    try {
      return KeyFactory.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("Java 15 and later always have Ed25519", e);
    }
  }
}
