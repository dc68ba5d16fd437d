package dev.kiln.env;

import dev.kiln.hash.Sha256;
import dev.kiln.model.RecipeException;
import dev.kiln.model.SourceLocation;
import dev.kiln.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Environments: symlink forests of store entries and what they refer to at run time, themselves
 * store entries, named {@code NAME-env-HASH} with the hash over the entries linked (whose names
 * name their contents) and which of them win, so the same inputs make the same entry once.
 */
public final class Environments {
  private static final String VERSION = "env";

  private Environments() {}

  /** The store name of the environment {@code name} of {@code closure} with {@code winners}. */
  public static String storeName(String name, List<String> closure, Set<String> winners) {
    StringBuilder text = new StringBuilder("kiln-env-1\n");
    closure.forEach(e -> text.append(winners.contains(e) ? "win " : "link ").append(e).append('\n'));
    return name + "-" + VERSION + "-" + Sha256.ofString(text.toString()).prefix(32);
  }

  /**
   * Makes (unless the store has it) the environment of {@code roots}' run-time closure; where two
   * entries provide one path, an entry of {@code winners} takes it, else it is an error naming both.
   * Returns its store name.
   */
  @SuppressWarnings("try") // the entry lock is held for the scope, never read
  public static String build(Store store, String name, List<String> roots, Set<String> winners, SourceLocation at)
      throws IOException, RecipeException {
    List<String> closure = store.runtimeClosure(roots);
    String storeName = storeName(name, closure, winners);
    if (store.contains(storeName)) {
      return storeName;
    }
    store.create(storeName, (out, scratch) -> {
      List<Forest.Source> sources = new ArrayList<>();
      closure.forEach(e -> sources.add(new Forest.Source(store.entry(e), e, winners.contains(e))));
      List<Forest.Conflict> conflicts = Forest.create(out, sources);
      if (!conflicts.isEmpty()) {
        throw conflictError(name, conflicts, at);
      }
      return closure;
    });
    return storeName;
  }

  private static RecipeException conflictError(String name, List<Forest.Conflict> conflicts, SourceLocation at) {
    Forest.Conflict first = conflicts.get(0);
    String more = conflicts.size() > 1 ? " (and " + (conflicts.size() - 1) + " more path"
        + (conflicts.size() > 2 ? "s" : "") + ")" : "";
    return new RecipeException(at, "env \"" + name + "\": " + first.path() + " is provided by both " + shortName(first.first())
        + " and " + shortName(first.second()) + more,
        "mark the one that should win: env \"" + name + "\", packages: [...], wins: \"" + packageName(first.second()) + "\"");
  }

  /** {@code busybox-1.36-<hash>} as {@code busybox 1.36}. */
  private static String shortName(String entry) {
    int hash = entry.lastIndexOf('-');
    if (hash < 0) {
      return entry;
    }
    String nameVersion = entry.substring(0, hash);
    int version = nameVersion.lastIndexOf('-');
    return version < 0 ? nameVersion : nameVersion.substring(0, version) + " " + nameVersion.substring(version + 1);
  }

  private static String packageName(String entry) {
    String shown = shortName(entry);
    int space = shown.indexOf(' ');
    return space < 0 ? shown : shown.substring(0, space);
  }
}
