package dev.kiln.build;

import dev.kiln.hash.Sha256;
import dev.kiln.sandbox.RootView;
import dev.kiln.store.Problems;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Merged {@code /usr} views of run-time closures, made once and kept under {@code roots/HASH}, the
 * hash taken over the closure's entry names (which name their contents). A container's second start
 * finds its view made. Views appear by rename, so a crash leaves none or a whole one; kiln gc
 * removes them all, as they are cheap to make again.
 */
public final class RootCache {
  public static final String DIR = "roots";
  /** The name its scratch directories and lock have, with the view's hash after it. */
  private static final String WORK_PREFIX = "root-";

  private RootCache() {}

  /** The view's {@code usr} directory for {@code closure} (in order: earlier entries win), made if missing. */
  @SuppressWarnings("try") // the lock is held for its scope, never read
  public static Path view(Store store, List<String> closure) throws IOException {
    Path dir = store.home().resolve(DIR).resolve(key(closure));
    Path usr = dir.resolve("usr");
    if (Files.isDirectory(usr)) {
      return usr;
    }
    Files.createDirectories(dir.getParent());
    try (Store.EntryLock lock = store.lock(WORK_PREFIX + dir.getFileName())) { // the sweep skips a locked work dir
      if (Files.isDirectory(usr)) {
        return usr; // made by another kiln meanwhile
      }
      make(store, closure, dir);
    }
    return usr;
  }

  private static void make(Store store, List<String> closure, Path dir) throws IOException {
    Path work = store.newWorkDir(WORK_PREFIX + dir.getFileName());
    try {
      RootView.create(work.resolve("usr"), closure.stream()
          .map(name -> new RootView.Input(store.entry(name), Store.containerPath(name))).toList());
      Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // Another kiln made the same view meanwhile; it is as good as ours.
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + work + " to " + dir + ": " + Problems.reason(e), e);
    } finally {
      store.trash().discard(work);
    }
  }

  static String key(List<String> closure) {
    return Sha256.ofString("kiln-root-view-1\n" + String.join("\n", closure)).hex();
  }
}
