package dev.kiln.repo;

import com.github.luben.zstd.Zstd;
import dev.kiln.hash.Sha256;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds store entries to a repo directory: each is packed into {@code packages/STORENAME.tar.zst}, then the
 * index is rewritten with them added ({@code Packages}, {@code Packages.zst} and, when a key is given,
 * {@code Packages.sig}). Every file is replaced atomically, archives before the index that names them, so
 * a reader never finds an index entry whose archive is missing. A lock file keeps two publishers apart.
 */
public final class Publisher {
  public static final String PACKAGES_DIR = "packages";
  public static final String COMPRESSED_INDEX = "Packages.zst";
  private static final String LOCK = ".lock";

  private final Path repo;
  private final Store store;

  public Publisher(Path repo, Store store) {
    this.repo = repo.toAbsolutePath().normalize();
    this.store = store;
  }

  /**
   * Publishes the given packages of {@code plan}, which must all be in the store.
   *
   * @return the new index entries, in the order given
   */
  @SuppressWarnings("try") // the lock is held for its scope, never read
  public List<IndexEntry> publish(Plan plan, List<PlannedPackage> packages, Optional<SigningKey> key)
      throws IOException {
    Files.createDirectories(repo.resolve(PACKAGES_DIR));
    try (FileChannel channel = FileChannel.open(repo.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      removeKilledParts();
      List<IndexEntry> added = new ArrayList<>();
      for (PlannedPackage pkg : packages) {
        added.add(pack(plan, pkg));
      }
      RepoIndex index = read(repo).with(added);
      writeIndex(index, key);
      return added;
    }
  }

  /**
   * Deletes the hidden part files ({@link AtomicFiles}) of a publish that was killed: with the repo's
   * lock held no other publisher is writing one.
   */
  private void removeKilledParts() throws IOException {
    for (Path dir : List.of(repo, repo.resolve(PACKAGES_DIR))) {
      try (java.nio.file.DirectoryStream<Path> parts = Files.newDirectoryStream(dir, ".*.part-*")) {
        for (Path part : parts) {
          Files.deleteIfExists(part);
        }
      }
    }
  }

  private IndexEntry pack(Plan plan, PlannedPackage pkg) throws IOException {
    Path entry = store.entry(pkg.storeName());
    if (!store.contains(pkg.storeName())) {
      throw new IOException(pkg.pkg().displayName() + " is not built (no " + entry + "); build it before publishing");
    }
    String filename = PACKAGES_DIR + "/" + pkg.storeName() + ArchiveWriter.SUFFIX;
    Path archive = repo.resolve(filename);
    PackageMeta[] written = new PackageMeta[1]; // out of the lambda: the info the archive holds
    List<String> references = store.references(pkg.storeName());
    AtomicFiles.write(archive, out -> written[0] = ArchiveWriter.write(entry,
            size -> PackageInfo.of(plan, pkg, references, size), out),
        null);
    return new IndexEntry(written[0].info(), filename, Files.size(archive), Sha256.ofFile(archive));
  }

  private void writeIndex(RepoIndex index, Optional<SigningKey> key) throws IOException {
    byte[] bytes = index.render();
    AtomicFiles.write(repo.resolve(COMPRESSED_INDEX), Zstd.compress(bytes, 19));
    if (key.isPresent()) {
      // Written before the index: in between, clients see a mismatch and refuse, never accept wrongly.
      AtomicFiles.write(repo.resolve(IndexSignature.FILE), key.get().sign(bytes).render());
    } else {
      AtomicFiles.delete(repo.resolve(IndexSignature.FILE)); // it would not match the new index anyway
    }
    AtomicFiles.write(repo.resolve(RepoIndex.FILE), bytes);
  }

  /** The repo's current index, or an empty one for a new repo. */
  public static RepoIndex read(Path repo) throws IOException {
    try {
      return RepoIndex.parse(AtomicFiles.readLimited(repo.resolve(RepoIndex.FILE), RepoFiles.MAX_INDEX),
          repo.resolve(RepoIndex.FILE).toString());
    } catch (NoSuchFileException e) {
      return RepoIndex.empty();
    }
  }
}
