package dev.kiln.repo;

import dev.kiln.fetch.Fetcher;
import dev.kiln.solve.Candidate;
import dev.kiln.solve.Constraint;
import dev.kiln.solve.Provide;
import dev.kiln.solve.Solution;
import dev.kiln.solve.Solver;
import dev.kiln.solve.Universe;
import dev.kiln.solve.UnsatisfiableException;
import dev.kiln.store.Store;
import dev.kiln.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs packages from a repo into a root, pacman-style: resolves the requests over every version
 * the repo's verified index holds, puts the chosen packages into the store, and switches the root to
 * a new generation holding them.
 */
public final class Installer {
  private final Store store;
  private final Fetcher fetcher;

  public Installer(Store store, Fetcher fetcher) {
    this.store = store;
    this.fetcher = fetcher;
  }

  /** What an install did. */
  public record Result(List<IndexEntry> installed, InstallRoot.Generation generation) {}

  public Result install(RemoteRepo repo, List<String> requests, Path root) throws IOException, UnsatisfiableException {
    RepoIndex index = repo.sync().index();
    Map<Candidate, IndexEntry> entries = candidates(index);
    List<Constraint> wanted = new ArrayList<>();
    for (String request : requests) {
      wanted.add(Constraint.parse(request));
    }
    Solution solution = Solver.solve(Universe.of(entries.keySet()), wanted);
    List<IndexEntry> chosen = dependenciesFirst(solution.packages(), entries);
    StoreInstaller installer = new StoreInstaller(store, fetcher);
    List<String> storeNames = new ArrayList<>();
    for (IndexEntry entry : chosen) {
      storeNames.add(installer.ensure(repo, entry));
    }
    return new Result(chosen, InstallRoot.open(root).switchTo(store, storeNames));
  }

  /**
   * One candidate per name and version; where the index holds several builds of one version, the
   * first by hash stands for them all.
   */
  private static Map<Candidate, IndexEntry> candidates(RepoIndex index) throws RepoFormatException {
    Map<Candidate, IndexEntry> candidates = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    List<IndexEntry> sorted = new ArrayList<>(index.entries());
    sorted.sort(Comparator.comparing((IndexEntry e) -> e.info().hash()));
    for (IndexEntry entry : sorted) {
      PackageInfo info = entry.info();
      if (!seen.add(info.name() + "\0" + info.version())) {
        continue;
      }
      try {
        candidates.put(new Candidate(info.name(), Version.parse(info.version()),
            info.depends().stream().map(Constraint::parse).toList(),
            info.provides().stream().map(Provide::parse).toList(),
            info.conflicts().stream().map(Constraint::parse).toList()), entry);
      } catch (IllegalArgumentException e) {
        throw new RepoFormatException(entry.filename(), e.getMessage());
      }
    }
    return candidates;
  }

  /** The chosen entries, each after the ones it depends on, so their references are found at commit. */
  private static List<IndexEntry> dependenciesFirst(List<Candidate> chosen, Map<Candidate, IndexEntry> entries) {
    Map<String, Candidate> byName = new LinkedHashMap<>();
    chosen.forEach(c -> byName.put(c.name(), c));
    List<IndexEntry> ordered = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (Candidate c : chosen) {
      visit(c, byName, entries, done, ordered);
    }
    return ordered;
  }

  private static void visit(Candidate c, Map<String, Candidate> byName, Map<Candidate, IndexEntry> entries,
      Set<String> done, List<IndexEntry> ordered) {
    if (!done.add(c.name())) {
      return; // done, or in progress in a dependency cycle
    }
    for (Constraint dep : c.depends()) {
      Candidate d = byName.get(dep.name());
      if (d != null) {
        visit(d, byName, entries, done, ordered);
      }
    }
    ordered.add(entries.get(c));
  }
}
