package dev.kiln.build;

import dev.kiln.archive.Unpacked;
import dev.kiln.archive.Unpacker;
import dev.kiln.fetch.Fetcher;
import dev.kiln.host.HostImports;
import dev.kiln.host.HostManifest;
import dev.kiln.host.HostSeal;
import dev.kiln.model.BuildLimits;
import dev.kiln.model.Durations;
import dev.kiln.model.Patch;
import dev.kiln.model.Recipe;
import dev.kiln.model.Script;
import dev.kiln.model.Source;
import dev.kiln.model.Stage;
import dev.kiln.plan.HashInputs;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.LimitEnforcer;
import dev.kiln.sandbox.Sandbox;
import dev.kiln.sandbox.SandboxResult;
import dev.kiln.sandbox.SandboxSpec;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one package: fetch, unpack, run the script in its container, and rename the output into
 * the store. Whatever happens, the scratch directory is removed and the log is kept.
 */
public final class Builder {
  private static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(15);

  private final Store store;
  private final Fetcher fetcher;
  private final BuildListener listener;
  private final int jobs;
  private final BuildLimits defaults;

  public Builder(Store store, Fetcher fetcher, BuildListener listener, int jobs) {
    this(store, fetcher, listener, jobs, BuildLimits.NONE);
  }

  /** @param defaults the limits of a build whose package (or stage) does not say (kiln run --timeout) */
  public Builder(Store store, Fetcher fetcher, BuildListener listener, int jobs, BuildLimits defaults) {
    this.store = store;
    this.fetcher = fetcher;
    this.listener = listener;
    this.jobs = jobs;
    this.defaults = defaults;
  }

  /**
   * Builds {@code pkg}, whose inputs must already be in the store.
   *
   * @return false when another kiln process built it meanwhile
   */
  public boolean build(Recipe recipe, Plan plan, PlannedPackage pkg)
      throws IOException, InterruptedException, BuildFailedException {
    return build(recipe, plan, pkg, jobs);
  }

  /** The parallel jobs a build gets when the scheduler does not give it a share. */
  int jobs() {
    return jobs;
  }

  /**
   * Builds {@code pkg} with {@code jobs} parallel jobs ($JOBS), its inputs already in the store.
   *
   * @return false when another kiln process built it meanwhile
   */
  @SuppressWarnings("try") // the lock is held for its scope, never read
  public boolean build(Recipe recipe, Plan plan, PlannedPackage pkg, int jobs)
      throws IOException, InterruptedException, BuildFailedException {
    String name = pkg.storeName();
    try (Store.EntryLock lock = store.lock(name)) {
      if (store.contains(name)) {
        listener.builtElsewhere(pkg);
        return false;
      }
      store.removeAbandonedWork(name);
      Path work = store.newWorkDir(name);
      try {
        BuildDirs dirs = BuildDirs.create(work);
        java.util.Optional<HostManifest> imported = java.util.Optional.empty();
        if (pkg.pkg().importsFromHost()) {
          imported = java.util.Optional.of(importFromHost(pkg, dirs));
        } else {
          startLog(pkg);
          dirs = prepare(pkg, dirs);
          Stage stage = recipe.stage(pkg.pkg().stage());
          runKeepingFailure(pkg, Containers.build(store, plan, pkg, stage, dirs, jobs), dirs);
          auditKeepingFailure(pkg, audit(plan, pkg, stage, dirs), dirs);
        }
        List<String> candidates = plan.closureOf(pkg).stream().map(PlannedPackage::storeName).toList();
        listener.phase(pkg, "committing");
        try {
          // Records first, the entry last: an entry in the store always has its records.
          BuildRecords.write(store, name, HashInputs.of(plan, pkg, recipe.stage(pkg.pkg().stage())));
          if (imported.isPresent()) {
            BuildRecords.writeHostFiles(store, name, imported.get());
          }
          store.commit(dirs.output(), name, candidates);
        } catch (IOException e) {
          throw new IOException(pkg.pkg().displayName() + ": cannot commit the output to the store: " + e.getMessage(), e);
        }
        FailedBuilds.forget(store, name);
        return true;
      } finally {
        store.trash().discard(work); // a rename: the delete runs in the background
      }
    }
  }

  /**
   * Stage 0: copies the host programs and what they need; no container, nothing runs. The copy must be
   * exactly the files the package was hashed over (a lock's, or the host's at plan time): a seed whose
   * hash says one compiler never holds another.
   */
  private HostManifest importFromHost(PlannedPackage pkg, BuildDirs dirs) throws IOException {
    Path log = store.logFile(pkg.storeName());
    listener.phase(pkg, "importing host tools");
    Files.writeString(log, "kiln: importing host tools for " + pkg.pkg().displayName() + " at " + Instant.now() + "\n",
        StandardCharsets.UTF_8);
    HostSeal seal = pkg.host().orElseThrow(() -> new IOException(pkg.pkg().displayName()
        + " was planned without its host files; plan it with a host fingerprint"));
    HostManifest copied = HostImports.copy(pkg.pkg().hostImport().orElseThrow(), seal.root(), dirs.output());
    List<String> changes = copied.changesSince(seal.manifest());
    if (!changes.isEmpty()) {
      throw new IOException(pkg.pkg().name() + ": the host no longer matches " + seal.source() + " ("
          + HostManifest.summary(changes) + ")" + (seal.update().isEmpty() ? ""
          : "; `" + seal.update() + "` takes the host as it is now"));
    }
    Logs.append(log, String.join("\n", copied.lines()) + "\n");
    return copied;
  }

  private BuildDirs prepare(PlannedPackage pkg, BuildDirs dirs) throws IOException {
    for (Source source : pkg.pkg().sources()) {
      listener.phase(pkg, "fetching " + source.fileName());
      Path file = fetcher.fetch(source);
      if (Unpacker.isArchive(source.fileName())) {
        listener.phase(pkg, "unpacking " + source.fileName());
        reportSkipped(pkg, source, Unpacker.unpack(file, source.fileName(), dirs.sources(), source.unpackLimits()));
      } else {
        Files.copy(file, dirs.sources().resolve(source.fileName()));
      }
    }
    List<Patch> patches = pkg.pkg().patches();
    for (int i = 0; i < patches.size(); i++) {
      Path file = fetcher.fetch(patches.get(i).source());
      Files.copy(file, dirs.patches().resolve(i + "-" + patches.get(i).source().fileName()),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.writeString(dirs.script(), pkg.pkg().script(), StandardCharsets.UTF_8);
    return dirs.withSourceRoot(sourceRoot(dirs.sources()));
  }

  /**
   * The special files an archive held (devices, fifos), which were not unpacked: one line each in the log, one
   * line in all for the listener.
   */
  private void reportSkipped(PlannedPackage pkg, Source source, Unpacked unpacked) throws IOException {
    if (unpacked.skippedCount() == 0) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    unpacked.skipped().forEach(entry -> lines.append("kiln: ").append(source.fileName()).append(": skipped ")
        .append(entry).append('\n'));
    int unlisted = unpacked.skippedCount() - unpacked.skipped().size();
    if (unlisted > 0) {
      lines.append("kiln: ").append(source.fileName()).append(": skipped ").append(unlisted).append(" more\n");
    }
    Logs.append(store.logFile(pkg.storeName()), lines);
    int n = unpacked.skippedCount();
    listener.note(pkg, source.fileName() + ": skipped " + n + " special " + (n == 1 ? "entry" : "entries")
        + " (see the log)");
  }

  /** Like Nix's sourceRoot: an archive holding one top directory is built from inside it. */
  private static String sourceRoot(Path sources) throws IOException {
    List<Path> top = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(sources)) {
      entries.forEach(top::add);
    }
    if (top.size() == 1 && Files.isDirectory(top.get(0), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Containers.BUILD_DIR + "/" + top.get(0).getFileName();
    }
    return Containers.BUILD_DIR;
  }

  /** Runs the build; when its script fails, keeps the scratch directory for {@code kiln debug}. */
  private void runKeepingFailure(PlannedPackage pkg, SandboxSpec spec, BuildDirs dirs)
      throws IOException, InterruptedException, BuildFailedException {
    try {
      run(pkg, spec);
    } catch (BuildFailedException e) {
      keep(dirs, e);
      throw e;
    }
  }

  /**
   * Keeps a failed build for {@code kiln debug}; when that fails too (a full disk, say), the build's
   * failure is still what the user is told, with a note that there is nothing to debug.
   */
  private void keep(BuildDirs dirs, BuildFailedException failure) {
    try {
      FailedBuilds.keep(store, dirs, failure);
    } catch (IOException notKept) {
      failure.addSuppressed(new IOException("the failed build could not be kept for kiln debug: "
          + notKept.getMessage(), notKept));
    }
  }

  /**
   * The audit of a built output. Host imports are not audited: they are copies of host files,
   * whose loaders and libraries are where the host keeps them.
   */
  private OutputAudit audit(Plan plan, PlannedPackage pkg, Stage stage, BuildDirs dirs) {
    Map<String, Path> closure = new HashMap<>();
    plan.closureOf(pkg).forEach(p -> closure.put(p.storeName(), store.entry(p.storeName())));
    List<String> scratch = List.of(Containers.BUILD_DIR, "/tmp", Script.PATCH_DIR);
    return new OutputAudit(pkg.storeName(), dirs.output(), closure, !stage.importsHost(), scratch);
  }

  /**
   * Refuses an output the audit finds fault with: every problem goes to the log, the first to the
   * failure's message, and the build is kept for {@code kiln debug} like a failed one.
   */
  private void auditKeepingFailure(PlannedPackage pkg, OutputAudit audit, BuildDirs dirs)
      throws IOException, BuildFailedException {
    listener.phase(pkg, "auditing the output");
    List<OutputAudit.Problem> problems = audit.run();
    if (problems.isEmpty()) {
      return;
    }
    Path log = store.logFile(pkg.storeName());
    StringBuilder lines = new StringBuilder();
    problems.forEach(p -> lines.append("kiln: audit: refused ").append(p).append('\n'));
    Logs.append(log, lines);
    String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more; the log lists them)";
    BuildFailedException e = BuildFailedException.refused(pkg, log, tail(log), problems.get(0) + more);
    keep(dirs, e);
    throw e;
  }

  /** Starts the build's log afresh, before unpacking, so what the unpack reports lands in it. */
  private void startLog(PlannedPackage pkg) throws IOException {
    Files.writeString(store.logFile(pkg.storeName()), "kiln: building " + pkg.pkg().displayName() + " ("
        + pkg.storeName() + ") at " + Instant.now() + "\n", StandardCharsets.UTF_8);
  }

  @SuppressWarnings("try") // the heartbeat runs for the scope, never read
  private void run(PlannedPackage pkg, SandboxSpec spec) throws IOException, InterruptedException, BuildFailedException {
    Path log = store.logFile(pkg.storeName());
    listener.phase(pkg, "building");
    BuildLimits limits = pkg.pkg().limits().orElse(defaults);
    LimitEnforcer.Wrapping wrapping = LimitEnforcer.forLimits(limits.resources(),
        "package \"" + pkg.pkg().displayName() + "\"");
    Sandbox.Logged run;
    try (Heartbeat beat = Heartbeat.every(HEARTBEAT, elapsed -> listener.stillBuilding(pkg, elapsed, lastLine(log)))) {
      run = Sandbox.run(spec, log, wrapping, new Sandbox.Deadlines(limits.wallTime(), limits.silence()));
    }
    SandboxResult result = run.result();
    if (run.stopped().isPresent()) {
      throw stopped(pkg, result, run.stopped().get(), limits, log);
    }
    if (!result.succeeded()) {
      String explanation = run.exceeded().map(hit -> "the build ran into " + hit).orElse(null);
      if (explanation != null) {
        Logs.append(log, "kiln: " + explanation + "\n");
      }
      List<String> tail = tail(log);
      throw new BuildFailedException(pkg, result.exitCode(), log, tail,
          explanation != null ? explanation : Sandbox.explainNamespaceFailure(tail).orElse(null),
          Logs.lastStep(log).orElse(null));
    }
  }

  /** The failure of a build kiln stopped, said at the end of its log too. */
  private static BuildFailedException stopped(PlannedPackage pkg, SandboxResult result, Sandbox.Stop stop,
      BuildLimits limits, Path log) throws IOException {
    String after = "stopped after " + Durations.describe(tenths(result.wall()));
    String why = stop == Sandbox.Stop.TIMEOUT
        ? "the build's timeout is " + Durations.describe(limits.wallTime())
        : "the build wrote nothing to its log for " + Durations.describe(limits.silence()) + ", its max_silent";
    Logs.append(log, "kiln: " + after + ": " + why + "\n");
    return BuildFailedException.stopped(pkg, result.exitCode(), log, tail(log), after, why, Logs.lastStep(log).orElse(null));
  }

  /** A run's length to a tenth of a second, as a person reads it. */
  private static java.time.Duration tenths(java.time.Duration wall) {
    return java.time.Duration.ofMillis(Math.round(wall.toMillis() / 100.0) * 100);
  }

  static String lastLine(Path log) {
    return Logs.lastLine(log);
  }

  static List<String> tail(Path log) throws IOException {
    return Logs.tail(log);
  }
}
