package dev.kiln.host;

import dev.kiln.model.HostImport;
import dev.kiln.model.Package;
import dev.kiln.model.RecipeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A recipe's host imports as its lock file has them: planning takes each seed's files from the lock,
 * locking the host the first time (or when the recipe asks for other tools), so that a host upgrade
 * changes no hash until the user updates the lock ({@code kiln lock FILE}). It also compares the lock
 * with the host as it is now, to say what changed.
 */
public final class SeedLocks {
  private final Path lockFile;
  private final String recipeName;
  private final HostImports host;
  private final Path root;
  private final Consumer<String> say;
  private final Map<String, List<String>> hostChanges = new HashMap<>();
  private SeedLock lock;

  private SeedLocks(Path recipe, HostImports host, Path root, Consumer<String> say, SeedLock lock) {
    this.lockFile = SeedLock.fileFor(recipe);
    this.recipeName = recipe.getFileName().toString();
    this.host = host;
    this.root = root;
    this.say = say;
    this.lock = lock;
  }

  /** The locks of {@code recipe}, read from its lock file (none yet when there is no file). */
  public static SeedLocks open(Path recipe, HostImports host, Path root, Consumer<String> say)
      throws IOException, RecipeException {
    return new SeedLocks(recipe, host, root, say, SeedLock.read(SeedLock.fileFor(recipe)));
  }

  /** The command that locks the host as it is now. */
  public String updateCommand() {
    return "kiln lock " + recipeName;
  }

  public Path lockFile() {
    return lockFile;
  }

  private static String key(Package pkg) {
    return pkg.stage() + "/" + pkg.name();
  }

  /** The files a host import is planned with: the lock's, the host's (then locked) when the lock lacks them. */
  public HostSeal seal(Package pkg) throws IOException {
    HostImport request = pkg.hostImport().orElseThrow();
    SeedLock.Locked locked = lock.imports().get(key(pkg));
    if (locked == null || !locked.request().equals(request)) {
      SeedLock.Locked fresh = lockNow(key(pkg), request);
      say.accept("kiln: " + (locked == null ? "locked the host files of " + pkg.name()
          : "host_tools " + pkg.name() + " changed in the recipe: locked its host files anew") + " in "
          + lockFile.getFileName() + " (" + describe(fresh.manifest()) + "); `" + updateCommand() + "` updates it");
      locked = fresh;
    }
    return new HostSeal(locked.manifest(), root, lockFile.getFileName().toString(), updateCommand());
  }

  private SeedLock.Locked lockNow(String key, HostImport request) throws IOException {
    SeedLock.Locked fresh = new SeedLock.Locked(key, request, host.manifest(request, root));
    lock = lock.with(fresh);
    lock.write(lockFile, recipeName);
    hostChanges.put(key, List.of());
    return fresh;
  }

  private static String describe(HostManifest manifest) {
    return manifest.fileCount() + " files, " + manifest.fingerprint().prefix(8);
  }

  /**
   * The host files that differ between the lock and the host now, one line each ({@code
   * /usr/bin/gcc-12 changed}); empty when they agree or the import is not locked.
   */
  public List<String> hostChanges(Package pkg) {
    SeedLock.Locked locked = lock.imports().get(key(pkg));
    if (locked == null) {
      return List.of();
    }
    return hostChanges.computeIfAbsent(key(pkg), k -> {
      try {
        return host.manifest(locked.request(), root).changesSince(locked.manifest());
      } catch (IOException gone) {
        return List.of(dev.kiln.store.Problems.describe(gone)); // a locked program no longer on the host, say
      }
    });
  }

  /**
   * Locks every host import of {@code packages} (the recipe's) as the host has it now and rewrites the
   * lock file, dropping imports the recipe no longer has; returns one line per import saying what changed.
   */
  public List<String> update(List<Package> packages) throws IOException {
    List<String> report = new ArrayList<>();
    SeedLock old = lock;
    lock = SeedLock.empty();
    for (Package pkg : packages) {
      if (pkg.hostImport().isEmpty()) {
        continue;
      }
      SeedLock.Locked before = old.imports().get(key(pkg));
      SeedLock.Locked now = lockNow(key(pkg), pkg.hostImport().get());
      report.add(pkg.name() + ": " + change(before, now));
    }
    return report;
  }

  private static String change(SeedLock.Locked before, SeedLock.Locked now) {
    if (before == null) {
      return "locked (" + describe(now.manifest()) + ")";
    }
    List<String> changes = now.manifest().changesSince(before.manifest());
    if (changes.isEmpty() && before.request().equals(now.request())) {
      return "unchanged (" + describe(now.manifest()) + ")";
    }
    String files = changes.isEmpty() ? "the recipe's tools changed" : HostManifest.summary(changes);
    return before.manifest().fingerprint().prefix(8) + " -> " + now.manifest().fingerprint().prefix(8)
        + " (" + now.manifest().fileCount() + " files): " + files;
  }
}
