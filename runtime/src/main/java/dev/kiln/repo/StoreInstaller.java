package dev.kiln.repo;

import dev.kiln.fetch.Fetcher;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a repo's package into the store: fetches its archive (the fetcher checks its sha256 against
 * the index), checks its size, unpacks it against its own manifest in a scratch directory, and
 * commits it by the same lock-and-rename protocol as a build. A refused package leaves nothing.
 */
public final class StoreInstaller {
  private final Store store;
  private final Fetcher fetcher;

  public StoreInstaller(Store store, Fetcher fetcher) {
    this.store = store;
    this.fetcher = fetcher;
  }

  /** Makes sure the entry is in the store; returns its store name. */
  public String ensure(RemoteRepo repo, IndexEntry entry) throws IOException {
    String name = entry.info().storeName();
    store.create(name, (out, scratch) -> {
      Path archive = fetcher.fetch(entry.source(repo.base()));
      if (Files.size(archive) != entry.size()) {
        throw new RepoFormatException(entry.filename(), Files.size(archive) + " bytes, but the index says "
            + entry.size());
      }
      PackageMeta meta = ArchiveReader.unpack(archive, entry.filename(), out);
      if (!meta.info().equals(entry.info())) {
        throw new RepoFormatException(entry.filename(), "its metadata describes " + meta.info().storeName()
            + ", not the index's " + entry.info().storeName());
      }
      // Its references are among the entries already here: what it depends on is installed first.
      return store.entries();
    });
    return name;
  }
}
