package dev.kiln.build;

import dev.kiln.model.Stage;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.HostTools;
import dev.kiln.sandbox.Mount;
import dev.kiln.sandbox.SandboxSpec;
import dev.kiln.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The containers kiln runs: the one a package builds in, and the one {@code kiln shell} opens. */
public final class Containers {
  /** The working directory of a build: its unpacked sources, writable. */
  public static final String BUILD_DIR = "/build";
  /** The rendered script, read-only. */
  public static final String SCRIPT = "/kiln/build.sh";
  static final String BASE_PATH = "/usr/bin:/bin:/usr/sbin:/sbin";

  private Containers() {}

  /** The environment every build starts from; nothing of kiln's own environment leaks in. */
  static SandboxSpec.Builder cleanEnvironment(SandboxSpec.Builder spec, List<PlannedPackage> closure) {
    List<String> path = new ArrayList<>();
    closure.forEach(p -> path.add(Store.containerPath(p.storeName()) + "/bin"));
    path.add(BASE_PATH);
    return spec.env("PATH", String.join(":", path))
        .env("HOME", "/homeless")
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .env("SOURCE_DATE_EPOCH", Long.toString(Store.SOURCE_DATE_EPOCH))
        .env("TMPDIR", "/tmp");
  }

  static SandboxSpec build(Store store, Plan plan, PlannedPackage pkg, Stage stage, BuildDirs dirs, int jobs)
      throws IOException {
    List<PlannedPackage> closure = plan.closureOf(pkg);
    SandboxSpec.Builder spec = SandboxSpec.builder().network(false).hostname("kiln-build");
    if (stage.importsHost()) {
      spec.mounts(HostTools.mounts());
    }
    for (PlannedPackage input : closure) {
      spec.mount(new Mount.ReadOnly(store.entry(input.storeName()), Store.containerPath(input.storeName())));
    }
    String out = Store.containerPath(pkg.storeName());
    spec.mount(new Mount.Writable(dirs.output(), out))
        .mount(new Mount.Writable(dirs.sources(), BUILD_DIR))
        .mount(new Mount.ReadOnly(dirs.patches(), dev.kiln.model.Script.PATCH_DIR))
        .mount(new Mount.ReadOnly(dirs.script(), SCRIPT));
    cleanEnvironment(spec, closure)
        .env("out", out)
        .env("JOBS", Integer.toString(jobs))
        .env(pkg.pkg().env())
        .workdir(dirs.sourceRoot());
    return spec.command(List.of("/bin/sh", SCRIPT));
  }

  /**
   * A shell or command among the given packages and their closure (static-distro's withpkgs).
   *
   * @param workdir a host directory bound writable at /work and made the working directory, or null
   */
  public static SandboxSpec shell(Store store, Plan plan, List<PlannedPackage> packages, boolean importHost,
      java.nio.file.Path workdir, List<String> command) throws IOException {
    java.util.Map<String, PlannedPackage> closure = new java.util.LinkedHashMap<>();
    for (PlannedPackage p : packages) {
      closure.put(p.storeName(), p);
      plan.closureOf(p).forEach(c -> closure.put(c.storeName(), c));
    }
    SandboxSpec.Builder spec = SandboxSpec.builder().network(false).hostname("kiln");
    if (importHost) {
      spec.mounts(HostTools.mounts());
    }
    for (PlannedPackage p : closure.values()) {
      spec.mount(new Mount.ReadOnly(store.entry(p.storeName()), Store.containerPath(p.storeName())));
    }
    if (workdir != null) {
      spec.mount(new Mount.Writable(workdir.toAbsolutePath(), "/work")).workdir("/work");
    }
    cleanEnvironment(spec, List.copyOf(closure.values()));
    return spec.command(command);
  }
}
