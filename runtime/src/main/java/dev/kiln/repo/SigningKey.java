package dev.kiln.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;

/**
 * An Ed25519 private key that signs indexes, with its public half. A {@code .key} file holds one line
 * {@code kiln-ed25519-private NAME BASE64-PKCS8 BASE64-PUBLIC} and is readable by its owner only.
 */
public record SigningKey(PrivateKey privateKey, RepoKey publicKey) {
  static final String PRIVATE_TAG = "kiln-ed25519-private";

  public SigningKey {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  public static SigningKey generate(String name) {
    RepoKey.checkName(name);
    try {
      KeyPair pair = KeyPairGenerator.getInstance(RepoKey.ALGORITHM).generateKeyPair();
      return new SigningKey(pair.getPrivate(), RepoKey.of(name, pair.getPublic()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("Java 15 and later always have Ed25519", e);
    }
  }

  /** Signs {@code bytes}; the result is what {@link IndexSignature} reads. */
  public IndexSignature sign(byte[] bytes) {
    try {
      Signature signer = Signature.getInstance(RepoKey.ALGORITHM);
      signer.initSign(privateKey);
      signer.update(bytes);
      return new IndexSignature(publicKey.id(), signer.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("an Ed25519 key made by this JDK signs", e);
    }
  }

  /**
   * Writes {@code dir/NAME.key} (mode 0600) and {@code dir/NAME.pub}; refuses to overwrite either.
   */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path priv = dir.resolve(publicKey.name() + ".key");
    Path pub = dir.resolve(publicKey.name() + ".pub");
    for (Path existing : new Path[] {priv, pub}) {
      if (Files.exists(existing)) {
        throw new IOException(existing + " already exists; remove it or choose another key name");
      }
    }
    String line = PRIVATE_TAG + " " + publicKey.name() + " " + Base64.getEncoder().encodeToString(privateKey.getEncoded())
        + " " + Base64.getEncoder().encodeToString(publicKey.key().getEncoded()) + "\n";
    AtomicFiles.write(priv, out -> out.write(line.getBytes(StandardCharsets.UTF_8)),
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    AtomicFiles.write(pub, publicKey.render().getBytes(StandardCharsets.UTF_8));
  }

  public static SigningKey load(Path file) throws IOException {
    String[] words = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
    if (words.length != 4 || !words[0].equals(PRIVATE_TAG)) {
      throw new RepoFormatException(file.toString(), "not a kiln private key (want \"" + PRIVATE_TAG
          + " NAME BASE64 BASE64\"); kiln repo keygen makes one");
    }
    try {
      PrivateKey key = RepoKey.factory().generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(words[2])));
      RepoKey pub = RepoKey.of(words[1], RepoKey.publicKey(Base64.getDecoder().decode(words[3])));
      SigningKey signing = new SigningKey(key, pub);
      // A key file pasted together from two pairs would sign what its public half cannot verify.
      if (!pub.verifies(signing.sign(new byte[] {1}), new byte[] {1})) {
        throw new RepoFormatException(file.toString(), "its public key is not the private key's pair");
      }
      return signing;
    } catch (IllegalArgumentException | InvalidKeySpecException e) {
      throw new RepoFormatException(file.toString(), "bad private key: " + e.getMessage());
    }
  }
}
