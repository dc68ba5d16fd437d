package dev.kiln.repo;

import dev.kiln.model.RepoRef;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A repo as a client sees it: its index, fetched and verified, and a verified copy kept under the kiln home
 * ({@code repos/NAME/}) so that runs can go on when the repo is out of reach.
 */
public final class RemoteRepo {
  /** Where a kiln home keeps the last verified index of each repo. */
  public static final String CACHE = "repos";

  private final RepoRef ref;
  private final TrustPolicy trust;
  private final Path cache;
  private final RepoFiles files = new RepoFiles();

  private RemoteRepo(RepoRef ref, TrustPolicy trust, Path cache) {
    this.ref = ref;
    this.trust = trust;
    this.cache = cache;
  }

  /**
   * @param insecure accept the index without a good signature, as if the repo were declared trusted
   */
  public static RemoteRepo open(RepoRef ref, Path home, boolean insecure) throws IOException {
    TrustPolicy trust = TrustPolicy.load(home, ref.key(), insecure || ref.trusted());
    return new RemoteRepo(ref, trust, home.resolve(CACHE).resolve(ref.name()));
  }

  public RepoRef ref() {
    return ref;
  }

  public URI base() {
    return ref.location();
  }

  /**
   * Fetches the index and its signature, verifies them and keeps them in the cache. Anything unverified
   * is never written to the cache.
   */
  public TrustPolicy.VerifiedIndex sync() throws IOException {
    byte[] index = files.get(base().resolve(RepoIndex.FILE)).orElseThrow(() ->
        new IOException("repo " + ref.name() + ": no " + RepoIndex.FILE + " at " + base()
            + " (publish to it with kiln repo publish)"));
    Optional<byte[]> signature = files.get(base().resolve(IndexSignature.FILE));
    TrustPolicy.VerifiedIndex verified = trust.verify(ref.name(), index, signature);
    Files.createDirectories(cache);
    // Signature first: a crash between the two leaves a pair that fails verification, never one that passes wrongly.
    if (signature.isPresent()) {
      AtomicFiles.write(cache.resolve(IndexSignature.FILE), signature.get());
    } else {
      AtomicFiles.delete(cache.resolve(IndexSignature.FILE));
    }
    AtomicFiles.write(cache.resolve(RepoIndex.FILE), index);
    return verified;
  }

  /** The cached index, verified again (keys may have been revoked since), or empty if never synced. */
  public Optional<TrustPolicy.VerifiedIndex> cached() throws IOException {
    Path index = cache.resolve(RepoIndex.FILE);
    if (!Files.isRegularFile(index)) {
      return Optional.empty();
    }
    Path sig = cache.resolve(IndexSignature.FILE);
    Optional<byte[]> signature = Files.isRegularFile(sig)
        ? Optional.of(AtomicFiles.readLimited(sig, 4096)) : Optional.empty();
    return Optional.of(trust.verify(ref.name(), AtomicFiles.readLimited(index, RepoFiles.MAX_INDEX), signature));
  }
}
