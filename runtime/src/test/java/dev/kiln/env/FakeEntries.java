package dev.kiln.env;

import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Store entries made directly (no build): files with given contents, committed with their references. */
public final class FakeEntries {
  private FakeEntries() {}

  /** Commits an entry {@code name-1-<hash>} holding {@code files}; returns its store name. */
  public static String add(Store store, String name, Map<String, String> files, List<String> refersTo) throws IOException {
    String storeName = name + "-1-" + String.format("%032x", (long) name.hashCode() & 0xffffffffL);
    Path work = store.newWorkDir(storeName);
    Path out = work.resolve("out");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = out.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue());
    }
    Files.createDirectories(out);
    store.commit(out, storeName, refersTo);
    Files.delete(work);
    return storeName;
  }
}
