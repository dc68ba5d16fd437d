package dev.kiln.cli;

import dev.kiln.build.BuildFailedException;
import dev.kiln.build.BuildTimes;
import dev.kiln.build.Builder;
import dev.kiln.build.RunReport;
import dev.kiln.build.Scheduler;
import dev.kiln.build.Substituter;
import dev.kiln.dsl.EvaluationCache;
import dev.kiln.dsl.RecipeEvaluator;
import dev.kiln.fetch.AptSourceMirror;
import dev.kiln.fetch.DirectoryMirror;
import dev.kiln.fetch.Fetcher;
import dev.kiln.fetch.Mirror;
import dev.kiln.host.HostImports;
import dev.kiln.host.HostManifest;
import dev.kiln.host.HostSeal;
import dev.kiln.host.SeedLocks;
import dev.kiln.model.Recipe;
import dev.kiln.model.RecipeException;
import dev.kiln.model.RepoRef;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.plan.Planner;
import dev.kiln.repo.RemoteRepo;
import dev.kiln.repo.RepoSubstituter;
import dev.kiln.store.Problems;
import dev.kiln.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One command's worth of kiln: the store, the evaluated recipe and the machinery to build it.
 * Commands ask it for what they need; nothing is loaded before it is asked for.
 */
final class Session {
  private final Options options;
  private final PrintStream err;
  private Store store;
  private Recipe recipe;
  private HostImports hostImports;
  /** By the recipe file that declares the host imports; the lock file's stamp when it was read. */
  private final java.util.Map<Path, SeedLocks> seedLocks = new java.util.HashMap<>();
  private final java.util.Map<Path, String> seedLockStamps = new java.util.HashMap<>();
  private final java.util.Set<String> hostChangesReported = new java.util.HashSet<>();
  private boolean liveProgress = true;

  Session(Options options) {
    this.options = options;
    this.err = System.err;
  }

  /** Plain progress lines even on a terminal: the REPL's line editor owns the screen. */
  void plainProgress() {
    liveProgress = false;
  }

  Store store() throws IOException {
    if (store == null) {
      store = Store.open(options.home());
      store.sweepInBackground(); // what killed or exited kilns left to delete
    }
    return store;
  }

  /** Evaluates the recipe: the one given, else the one last run, else ./bootstrap.rb. */
  Recipe recipe(Path file) throws IOException, RecipeException {
    if (recipe == null) {
      Path chosen = file != null ? file : defaultRecipe();
      long start = System.nanoTime();
      EvaluationCache cache = options.noEvalCache ? EvaluationCache.disabled()
          : EvaluationCache.in(options.home().resolve("eval-cache"), EarlyRuby.LIBRARIES);
      Optional<Recipe> kept = cache.lookup(chosen);
      if (kept.isPresent()) {
        recipe = kept.get();
        timing("evaluation kept", start, System.nanoTime());
        return recipe;
      }
      RecipeEvaluator ruby = EarlyRuby.take();
      long booted = System.nanoTime();
      recipe = ruby.evaluate(chosen, cache);
      timing("ruby-start", start, booted);
      timing("evaluate", booted, System.nanoTime());
    }
    return recipe;
  }

  /** With KILN_TIMINGS set, says where the time went (for bench/). */
  private void timing(String what, long from, long to) {
    if (System.getenv("KILN_TIMINGS") != null) {
      err.printf("kiln: timing: %s %d ms%n", what, (to - from) / 1_000_000);
    }
  }

  private Path defaultRecipe() throws IOException {
    Path last = lastRecipeFile();
    if (Files.isRegularFile(last)) {
      Path remembered = Path.of(Files.readString(last, StandardCharsets.UTF_8).trim());
      if (Files.isRegularFile(remembered)) {
        err.println("kiln: using recipe " + remembered + " (the last one run; -f FILE picks another)");
        return remembered;
      }
    }
    return Path.of("bootstrap.rb");
  }

  /** Remembers the recipe a run used, so that show, plan and shell find it without -f. */
  void rememberRecipe(Path file) throws IOException {
    Files.writeString(lastRecipeFile(), file.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
  }

  private Path lastRecipeFile() throws IOException {
    return store().home().resolve("last-recipe");
  }

  Plan plan(Recipe recipe, List<String> packages) throws RecipeException, IOException {
    long start = System.nanoTime();
    Planner.HostFingerprint host = hostFingerprint(recipe);
    Plan plan = packages.isEmpty() && !recipe.requests().isEmpty()
        ? Planner.planPackages(recipe, recipe.requests(), host)
        : Planner.plan(recipe, packages, host);
    timing("plan", start, System.nanoTime());
    return reportHostChanges(recipe, plan);
  }

  /** Plans exactly the named packages (all when none), ignoring one-off requests. */
  Plan planNames(Recipe recipe, List<String> names) throws RecipeException, IOException {
    return reportHostChanges(recipe, Planner.plan(recipe, names, hostFingerprint(recipe)));
  }

  Plan planPackages(Recipe recipe, List<dev.kiln.model.Package> packages) throws RecipeException, IOException {
    return reportHostChanges(recipe, Planner.planPackages(recipe, packages, hostFingerprint(recipe)));
  }

  /** Where host imports read the host's files: --host-root, else /. */
  Path hostRoot() {
    return options.hostRoot != null ? options.hostRoot : Path.of("/");
  }

  HostImports hostImports() throws IOException {
    if (hostImports == null) {
      hostImports = HostImports.withCache(store().home().resolve("cache").resolve("host-files"));
    }
    return hostImports;
  }

  /**
   * How host imports are hashed: by the lock file beside the recipe file that declares them (written
   * the first time), so that a host upgrade changes nothing until the lock is updated, and a script that
   * loads bootstrap.rb builds on bootstrap.lock. A recipe typed at the REPL has no file to lock beside,
   * and is hashed by the host as it is.
   */
  private Planner.HostFingerprint hostFingerprint(Recipe recipe) throws IOException, RecipeException {
    if (recipe.packages().stream().noneMatch(dev.kiln.model.Package::importsFromHost)) {
      return null;
    }
    for (dev.kiln.model.Package pkg : recipe.packages()) {
      if (pkg.importsFromHost()) {
        seedLocks(recipe, pkg); // read every lock now: a damaged one is a recipe error, not an I/O one
      }
    }
    HostImports live = hostImports();
    return pkg -> {
      SeedLocks locks = seedLocks.get(declaringFile(recipe, pkg));
      return locks != null ? locks.seal(pkg)
          : new HostSeal(live.manifest(pkg.hostImport().orElseThrow(), hostRoot()), hostRoot(), "the host", "");
    };
  }

  /** The recipe file a package was declared in (a file it loaded, say), or the recipe's own. */
  private static Path declaringFile(Recipe recipe, dev.kiln.model.Package pkg) {
    Path declared = Path.of(pkg.declaredAt().file());
    Path top = recipe.file().toAbsolutePath().normalize();
    Path file = declared.isAbsolute() ? declared : top.resolveSibling(declared);
    return Files.isRegularFile(file) ? file.normalize() : top;
  }

  /**
   * The lock a host import is planned with, when its recipe is a file; read again only when the lock
   * file changed (a REPL stays open while `kiln lock` runs elsewhere).
   */
  Optional<SeedLocks> seedLocks(Recipe recipe, dev.kiln.model.Package pkg) throws IOException, RecipeException {
    Path file = declaringFile(recipe, pkg);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String stamp = lockStamp(dev.kiln.host.SeedLock.fileFor(file));
    if (!seedLocks.containsKey(file) || !stamp.equals(seedLockStamps.get(file))) {
      seedLocks.put(file, SeedLocks.open(file, hostImports(), hostRoot(), err::println));
      seedLockStamps.put(file, stamp);
    }
    return Optional.of(seedLocks.get(file));
  }

  private static String lockStamp(Path lock) throws IOException {
    return Files.isRegularFile(lock) ? Files.getLastModifiedTime(lock) + "/" + Files.size(lock) : "none";
  }

  /**
   * Says once, in one line per seed, that the host differs from the lock, and what that means: the
   * locked seed in the store is used, or it cannot be built until the host matches or the lock is updated.
   */
  private Plan reportHostChanges(Recipe recipe, Plan plan) throws IOException {
    for (PlannedPackage p : plan.buildOrder()) {
      SeedLocks locks = p.host().isEmpty() ? null : seedLocks.get(declaringFile(recipe, p.pkg()));
      if (locks == null || !hostChangesReported.add(p.storeName())) {
        continue;
      }
      List<String> changes = locks.hostChanges(p.pkg());
      if (changes.isEmpty()) {
        continue;
      }
      String lock = locks.lockFile().getFileName().toString();
      err.println("kiln: the host has changed since " + lock + " (" + p.name() + ": " + HostManifest.summary(changes)
          + "); " + (store().contains(p.storeName()) ? "building on the locked " + p.name()
          : "the locked " + p.name() + " is not in the store and cannot be built from this host")
          + "; `" + locks.updateCommand() + "` takes the host as it is");
    }
    return plan;
  }

  /** Builds what the plan lacks; returns how many packages were built. */
  @SuppressWarnings("try") // the gc lock is held for the scope, never read
  int build(Recipe recipe, Plan plan) throws IOException, InterruptedException, BuildFailedException {
    return outcome(execute(recipe, plan));
  }

  /** A run's result as the commands report it: how many built, else the interrupt or the failures. */
  static int outcome(RunReport report) throws IOException, InterruptedException, BuildFailedException {
    if (report.interrupted()) {
      Thread.interrupted(); // reported by the exception instead
      throw new InterruptedException("build interrupted");
    }
    Scheduler.throwFailures(report);
    return report.built();
  }

  /** Builds what the plan lacks in parallel, showing progress; Ctrl-C stops the builds cleanly. */
  @SuppressWarnings("try") // the interrupt handler is in force for the scope, never read
  RunReport execute(Recipe recipe, Plan plan) throws IOException {
    BuildTimes times = BuildTimes.load(store().home());
    try (Progress progress = new Progress(err, store(), options.verbosity(), times, options.slots(),
        liveProgress ? Terminals.stderrWidth() : 0);
        Interruption ctrlC = Interruption.install(() -> {
          progress.close();
          reportInterrupt(progress.interruption());
        });
        dev.kiln.store.StoreLock.Hold inUse = store().gcLock().shared()) { // kiln gc waits for the build
      List<Mirror> mirrors = new java.util.ArrayList<>(recipe.mirrors().stream().<Mirror>map(DirectoryMirror::new).toList());
      if (!recipe.aptSources().isEmpty()) {
        mirrors.add(new AptSourceMirror(store().home().resolve("apt-sources"), recipe.aptSources()));
      }
      Fetcher fetcher = new Fetcher(store().distfiles(), mirrors, progress);
      Builder builder = new Builder(store(), fetcher, progress, options.jobs(), options.buildDefaults());
      Scheduler.Settings settings = new Scheduler.Settings(options.slots(), options.jobs(), options.keepGoing);
      RunReport report = new Scheduler(store(), builder, progress, substituter(recipe, fetcher), settings, times)
          .execute(recipe, plan);
      progress.close();
      if (report.interrupted()) {
        // Said before the shutdown hook is released: once it is, the JVM may exit at any moment.
        reportInterrupt(progress.interruption());
      }
      if (!report.blocked().isEmpty()) {
        err.println("kiln: " + report.blocked().size() + " not built because an input failed: "
            + String.join(", ", report.blocked().stream().map(p -> p.pkg().displayName()).toList()));
      }
      return report;
    }
  }

  /** Downloads what the recipe's repos hold instead of building it, unless --no-substitute. */
  private Substituter substituter(Recipe recipe, Fetcher fetcher) throws IOException {
    if (options.noSubstitute || recipe.repos().isEmpty()) {
      return Substituter.NONE;
    }
    List<RemoteRepo> repos = new java.util.ArrayList<>();
    for (RepoRef ref : recipe.repos()) {
      repos.add(RemoteRepo.open(ref, store().home(), false));
    }
    return new RepoSubstituter(store(), fetcher, repos, line -> err.println("kiln: warning: " + line));
  }

  /** A command's body: may fail the ways kiln reports. */
  interface Action {
    int run() throws IOException, InterruptedException, RecipeException, BuildFailedException;
  }

  /** Runs a command's body, turning each kind of failure into its message and exit status. */
  int guard(Action action) throws InterruptedException {
    try {
      return action.run();
    } catch (RecipeException e) {
      return recipeError(e);
    } catch (BuildFailedException e) {
      return buildFailure(e);
    } catch (IOException e) {
      return ioError(e);
    } catch (InterruptedException e) {
      reportInterrupt("running builds were stopped");
      return Main.INTERRUPTED;
    }
  }

  /** Set by whichever thread says first that kiln was interrupted: the run's, or the exit's. */
  private final java.util.concurrent.atomic.AtomicBoolean interruptReported = new java.util.concurrent.atomic.AtomicBoolean();

  /** Says once, in one line, that kiln was interrupted, what it stopped, and that the store is whole. */
  private void reportInterrupt(String stopped) {
    if (interruptReported.compareAndSet(false, true)) {
      err.println("kiln: interrupted: " + stopped + "; logs are kept, the store holds only whole entries");
    }
  }

  /** Prints a recipe error the way people read them: file:line, the problem, a hint. */
  private int recipeError(RecipeException e) {
    err.println(e.location() + ": error: " + e.problem());
    e.hint().ifPresent(h -> err.println("  hint: " + h));
    return Main.USAGE;
  }

  /** Prints a failed build: what failed, the log's last lines, and where the whole log is. */
  private int buildFailure(BuildFailedException e) {
    describeFailure(e);
    for (Throwable other : e.getSuppressed()) {
      if (other instanceof BuildFailedException failed) {
        describeFailure(failed);
      } else {
        err.println("kiln: error: " + Problems.describe(other));
      }
    }
    return Main.BUILD_FAILED;
  }

  /** What failed, in which step, with what status; the log's end (all of it with --verbose); where to look next. */
  private void describeFailure(BuildFailedException e) {
    err.println("kiln: error: " + Problems.shortenPaths(e.getMessage()));
    List<String> lines = e.tail();
    if (options.verbosity() == Progress.Verbosity.VERBOSE) {
      try {
        lines = Files.readAllLines(e.log(), StandardCharsets.UTF_8);
      } catch (IOException unreadable) {
        err.println("kiln: cannot read the whole log: " + Problems.describe(unreadable));
      }
    }
    err.println("---- last " + lines.size() + " lines of the log ----");
    lines.forEach(line -> err.println("  " + line));
    err.println("---- full log: " + e.log());
    err.println("---- kiln log " + e.pkg().name() + " shows it; kiln debug " + e.pkg().name()
        + (e.refusal().isPresent() ? " opens a shell in the build, its output as it was refused"
            : " opens a shell where the step failed"));
  }

  private int ioError(IOException e) {
    err.println("kiln: error: " + Problems.describe(e));
    return Main.BUILD_FAILED;
  }
}
