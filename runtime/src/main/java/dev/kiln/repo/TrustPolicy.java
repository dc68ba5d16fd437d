package dev.kiln.repo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whom a client believes about a repo: the public keys it trusts, or (for a repo declared
 * {@code trusted: true}, or {@code --insecure}) anyone.
 */
public record TrustPolicy(List<RepoKey> keys, boolean insecure) {
  /** Where a kiln home keeps the public keys it trusts for every repo. */
  public static final String TRUSTED_KEYS = "trusted-keys";

  public TrustPolicy {
    keys = List.copyOf(keys);
  }

  /**
   * The keys in {@code home/trusted-keys/*.pub}, plus {@code extraKey} when a repo names its own.
   */
  public static TrustPolicy load(Path home, Optional<Path> extraKey, boolean insecure) throws IOException {
    List<RepoKey> keys = new ArrayList<>();
    Path dir = home.resolve(TRUSTED_KEYS);
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
        for (Path file : files) {
          keys.add(RepoKey.parse(AtomicFiles.readLimited(file, 4096), file));
        }
      }
    }
    if (extraKey.isPresent()) {
      Path file = extraKey.get();
      if (!Files.isRegularFile(file)) {
        throw new IOException(file + ": no such key file (named by a repo's key:)");
      }
      keys.add(RepoKey.parse(AtomicFiles.readLimited(file, 4096), file));
    }
    return new TrustPolicy(keys, insecure);
  }

  /**
   * Parses {@code index} if its signature is good, or if this policy trusts anyone.
   *
   * @param signature the bytes of Packages.sig, empty when the repo has none
   */
  public VerifiedIndex verify(String repo, byte[] index, Optional<byte[]> signature) throws IOException {
    Optional<RepoKey> signer = Optional.empty();
    if (!insecure) {
      signer = Optional.of(signer(repo, index, signature));
    }
    return new VerifiedIndex(RepoIndex.parse(index, repo + "/" + RepoIndex.FILE), signer);
  }

  private RepoKey signer(String repo, byte[] index, Optional<byte[]> signatureBytes) throws IOException {
    String trustHint = "trust the publisher's key (kiln repo trust KEY.pub, or key: \"KEY.pub\" on the repo), "
        + "or declare the repo trusted: true if you trust it without signatures";
    if (signatureBytes.isEmpty()) {
      throw new UntrustedIndexException(repo, "the index is not signed (no " + IndexSignature.FILE + ")",
          "publish it with kiln repo publish --sign KEY, or declare the repo trusted: true");
    }
    IndexSignature signature = IndexSignature.parse(signatureBytes.get(), repo + "/" + IndexSignature.FILE);
    List<RepoKey> candidates = keys.stream().filter(k -> k.id().equals(signature.keyId())).toList();
    if (candidates.isEmpty()) {
      throw new UntrustedIndexException(repo, "the index is signed by key " + signature.keyId()
          + ", which is not trusted" + (keys.isEmpty() ? " (no keys are trusted)" : ""), trustHint);
    }
    for (RepoKey key : candidates) {
      if (key.verifies(signature, index)) {
        return key;
      }
    }
    throw new UntrustedIndexException(repo, "bad signature: " + RepoIndex.FILE + " is not what key "
        + candidates.get(0).name() + " (" + signature.keyId() + ") signed; it was changed, cut short or replaced",
        "sync again; if it persists, the repo or the way to it has been tampered with");
  }

  /** An index that passed this policy, and the key that signed it (empty when trusted unsigned). */
  public record VerifiedIndex(RepoIndex index, Optional<RepoKey> signer) {}
}
