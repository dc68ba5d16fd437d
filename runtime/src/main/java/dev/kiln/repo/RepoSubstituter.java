package dev.kiln.repo;

import dev.kiln.build.Substituter;
import dev.kiln.fetch.Fetcher;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Problems;
import dev.kiln.store.Store;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Substitutes builds with packages from repos, Nix-style: when a repo's verified index holds a package
 * of the planned hash, its archive is fetched (the fetcher checks its sha256 against the index), unpacked
 * and checked against its own manifest in a scratch directory, and committed into the store by the same
 * lock-and-rename protocol as a build. Any failure leaves nothing behind and the package is built instead.
 */
public final class RepoSubstituter implements Substituter {
  private final Store store;
  private final Fetcher fetcher;
  private final List<RemoteRepo> repos;
  private final Consumer<String> warnings;
  /** Each repo's index, loaded on first need; empty once refused or unreachable. */
  private final Map<String, Optional<RepoIndex>> indexes = new HashMap<>();

  /**
   * @param repos consulted in order; the first that holds the hash is used
   * @param warnings told, one line each, why a repo or a package was passed over
   */
  public RepoSubstituter(Store store, Fetcher fetcher, List<RemoteRepo> repos, Consumer<String> warnings) {
    this.store = store;
    this.fetcher = fetcher;
    this.repos = List.copyOf(repos);
    this.warnings = warnings;
  }

  @Override
  public Optional<String> substitute(PlannedPackage pkg) throws IOException {
    for (RemoteRepo repo : repos) {
      Optional<IndexEntry> entry = index(repo).flatMap(index -> index.byHash(pkg.hash()));
      if (entry.isEmpty() || !entry.get().info().storeName().equals(pkg.storeName())) {
        continue;
      }
      try {
        new StoreInstaller(store, fetcher).ensure(repo, entry.get());
        return Optional.of(repo.ref().name());
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        warnings.accept("repo " + repo.ref().name() + ": not using " + entry.get().filename() + ": " + Problems.describe(e));
      }
    }
    return Optional.empty();
  }

  /** Synchronized: the scheduler asks from several build threads, and each index loads once. */
  private synchronized Optional<RepoIndex> index(RemoteRepo repo) throws InterruptedIOException {
    String name = repo.ref().name();
    Optional<RepoIndex> known = indexes.get(name);
    if (known == null) {
      known = load(repo);
      indexes.put(name, known);
    }
    return known;
  }

  private Optional<RepoIndex> load(RemoteRepo repo) throws InterruptedIOException {
    String name = repo.ref().name();
    try {
      return Optional.of(repo.sync().index());
    } catch (UntrustedIndexException | RepoFormatException e) {
      warnings.accept(Problems.describe(e) + "\n  (building instead of substituting from " + name + ")");
      return Optional.empty();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException unreachable) {
      try {
        Optional<RepoIndex> cached = repo.cached().map(TrustPolicy.VerifiedIndex::index);
        warnings.accept("repo " + name + ": " + Problems.describe(unreachable)
            + (cached.isPresent() ? "; using the index from the last sync" : "; not substituting from it"));
        return cached;
      } catch (IOException e) {
        warnings.accept("repo " + name + ": " + Problems.describe(unreachable) + "; its cached index is unusable too: "
            + Problems.describe(e));
        return Optional.empty();
      }
    }
  }

}
