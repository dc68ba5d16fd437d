package dev.kiln.store;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Checks that the store is what commit and gc leave, as {@code nix-store --verify} does: every
 * entry a directory named like one, with its records (references, contents hash), its contents as
 * committed, read-only, holding only files, directories and symlinks, with the store's mtime, and
 * referring only to entries that are there; no record without its entry; every root (profile
 * generation, pin) an entry that is there. What killed processes left in {@code tmp/} and
 * half-written records are listed apart: they claim nothing, and the next build of their entry
 * removes them. Nothing is changed. Hold the store's gc lock exclusively meanwhile, so that no
 * commit or gc is half done.
 */
public final class StoreVerifier {
  /** What a store entry's name looks like: its name, version and 32 hex digits of its hash. */
  private static final Pattern ENTRY_NAME = Pattern.compile("[^.][^/]*-[0-9a-f]{32}");
  private static final Set<PosixFilePermission> WRITE = EnumSet.of(
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final FileTime EPOCH = FileTime.from(Store.SOURCE_DATE_EPOCH, TimeUnit.SECONDS);
  /** Problems of one kind reported per entry before the rest are counted: a whole writable tree is one fault. */
  private static final int PER_KIND = 5;

  private StoreVerifier() {}

  /** One thing wrong with an entry (or a record, or a root, named by {@code subject}). */
  public record Problem(String subject, String what) {
    @Override
    public String toString() {
      return subject + ": " + what;
    }
  }

  /** What was found: problems, leftovers of killed processes (not problems), and how many entries were looked at. */
  public record Report(List<Problem> problems, List<Problem> leftovers, int entries) {
    public boolean consistent() {
      return problems.isEmpty();
    }
  }

  /** Told before each entry is checked: its place among the store's entries, and its name. */
  @FunctionalInterface
  public interface Progress {
    void entry(int index, int total, String name);

    Progress NONE = (index, total, name) -> { };
  }

  /**
   * Verifies the store; {@code roots} names the entries something outside the store points at
   * (an entry to who points at it, e.g. "profile dev generation 3"), which must be there.
   */
  public static Report verify(Store store, Map<String, String> roots, Progress progress) throws IOException {
    List<Problem> problems = new ArrayList<>();
    List<Problem> leftovers = new ArrayList<>();
    List<String> names = store.entries();
    Set<String> entries = new TreeSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      progress.entry(i + 1, names.size(), name);
      if (checkEntry(store, name, problems)) {
        entries.add(name);
      }
    }
    for (String name : entries) {
      for (String ref : store.references(name)) {
        if (!entries.contains(ref)) {
          problems.add(new Problem(name, "refers to " + ref + ", which is not in the store"));
        }
      }
    }
    Set<String> killedWork = new TreeSet<>();
    for (Path left : list(store.home().resolve("tmp"))) {
      String name = left.getFileName().toString();
      int work = name.indexOf(".work-");
      if (work > 0) {
        killedWork.add(name.substring(0, work));
      }
      leftovers.add(new Problem("tmp/" + name, "left by a kiln process that was killed"
          + " (the next build of its entry removes it)"));
    }
    orphans(store, "refs", entries, killedWork, problems, leftovers);
    orphans(store, "records", entries, killedWork, problems, leftovers);
    roots.forEach((entry, who) -> {
      if (!entries.contains(entry)) {
        problems.add(new Problem(entry, who + " points at it, but it is not in the store"));
      }
    });
    return new Report(List.copyOf(problems), List.copyOf(leftovers), names.size());
  }

  /** Checks one name in store/; true when it is an entry (whatever else is wrong with it). */
  private static boolean checkEntry(Store store, String name, List<Problem> problems) throws IOException {
    Path entry = store.entry(name);
    if (!ENTRY_NAME.matcher(name).matches() || name.contains(".work-") || name.contains(".tmp-")) {
      problems.add(new Problem(name, "is not a store entry (its name is not NAME-VERSION-HASH): "
          + "a leftover of a killed kiln process, or put there by hand"));
      return false;
    }
    if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(new Problem(name, "is not a directory"));
      return false;
    }
    if (!Files.isRegularFile(store.refsFile(name), LinkOption.NOFOLLOW_LINKS)) {
      problems.add(new Problem(name, "has no record of its references (refs/" + name + " is missing)"));
    }
    Optional<Sha256> recorded = store.recordedContents(name);
    if (recorded.isEmpty()) {
      problems.add(new Problem(name, Files.exists(store.contentsRecord(name))
          ? "its contents record (records/" + name + Store.CONTENTS + ") is damaged"
          : "has no contents record (records/" + name + Store.CONTENTS + " is missing: deleted, or the entry"
          + " was committed by a kiln older than kiln verify)"));
    }
    checkTree(name, entry, problems);
    if (recorded.isPresent()) {
      Sha256 now = TreeHash.of(entry);
      if (!now.equals(recorded.get())) {
        problems.add(new Problem(name, "its contents changed since it was committed (sha256 of the tree "
            + now.hex().substring(0, 12) + "…, recorded " + recorded.get().hex().substring(0, 12) + "…)"));
      }
    }
    return true;
  }

  /** Write bits, file types and mtimes, each kind reported for a few paths and then counted. */
  private static void checkTree(String name, Path entry, List<Problem> problems) throws IOException {
    Map<String, List<String>> found = new java.util.LinkedHashMap<>();
    Files.walkFileTree(entry, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        look(dir, attrs);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        look(file, attrs);
        return FileVisitResult.CONTINUE;
      }

      private void look(Path path, BasicFileAttributes basic) throws IOException {
        String shown = path.equals(entry) ? "the entry's directory" : entry.relativize(path).toString();
        if (basic.isOther()) {
          found.computeIfAbsent("holds a fifo, socket or device (an entry holds only files, directories and symlinks)",
              k -> new ArrayList<>()).add(shown);
        }
        if (!basic.isSymbolicLink()) {
          Set<PosixFilePermission> perms =
              Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
          if (perms.stream().anyMatch(WRITE::contains)) {
            found.computeIfAbsent("is writable (entries are read-only)", k -> new ArrayList<>())
                .add(shown + " (" + PosixFilePermissions.toString(perms) + ")");
          }
        }
        if (!basic.lastModifiedTime().equals(EPOCH)) {
          found.computeIfAbsent("has an mtime other than the store's (1980-01-01): touched after commit",
              k -> new ArrayList<>()).add(shown);
        }
      }
    });
    found.forEach((what, paths) -> {
      String listed = String.join(", ", paths.subList(0, Math.min(PER_KIND, paths.size())));
      String more = paths.size() > PER_KIND ? " and " + (paths.size() - PER_KIND) + " more" : "";
      problems.add(new Problem(name, what + ": " + listed + more));
    });
  }

  /**
   * Records in {@code dir} (refs/ENTRY, records/ENTRY.KIND) whose entry is not in the store, and
   * half-written ones (NAME.tmp-PID) a killed commit left. A commit writes an entry's records before
   * it renames the entry into the store: records of an entry whose killed build left its scratch
   * directory ({@code killedWork}) are a commit cut short, which the next build completes.
   */
  private static void orphans(Store store, String dir, Set<String> entries, Set<String> killedWork,
      List<Problem> problems, List<Problem> leftovers) throws IOException {
    for (Path file : list(store.home().resolve(dir))) {
      String fileName = file.getFileName().toString();
      if (fileName.contains(".tmp-")) {
        leftovers.add(new Problem(dir + "/" + fileName, "half written by a kiln process that was killed"
            + " (the next build of its entry removes it)"));
        continue;
      }
      String entry = dir.equals("refs") ? fileName : fileName.substring(0, Math.max(0, fileName.lastIndexOf('.')));
      if (!entries.contains(entry) && killedWork.contains(entry)) {
        leftovers.add(new Problem(dir + "/" + fileName, "written by a commit of " + entry + " that was killed"
            + " (the next build of it replaces it)"));
      } else if (!entries.contains(entry)) {
        problems.add(new Problem(dir + "/" + fileName, "a record of " + (entry.isEmpty() ? "no entry" : entry)
            + ", which is not in the store"));
      }
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> all = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        stream.forEach(all::add);
      }
    }
    all.sort(null);
    return all;
  }
}
