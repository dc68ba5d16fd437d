package dev.kiln.build;

import dev.kiln.model.Container;
import dev.kiln.model.Limits;
import dev.kiln.model.Stage;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import dev.kiln.sandbox.HostTools;
import dev.kiln.sandbox.LimitEnforcer;
import dev.kiln.sandbox.Mount;
import dev.kiln.sandbox.RootView;
import dev.kiln.sandbox.Sandbox;
import dev.kiln.sandbox.SandboxSpec;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Path;
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

  /** The environment every container starts from; nothing of kiln's own environment leaks in. */
  static SandboxSpec.Builder cleanEnvironment(SandboxSpec.Builder spec, List<String> pathFirst) {
    List<String> path = new ArrayList<>(pathFirst);
    path.add(BASE_PATH);
    return spec.env("PATH", String.join(":", path))
        .env("HOME", "/homeless")
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .env("SOURCE_DATE_EPOCH", Long.toString(Store.SOURCE_DATE_EPOCH))
        .env("TMPDIR", "/tmp");
  }

  /**
   * The build container. A stage that imports the host sees the host's /usr, with its inputs' bin
   * directories first on PATH; a hermetic stage sees only its inputs, merged into /usr in the order
   * of the package's dependencies and then its stage's toolchain.
   */
  static SandboxSpec build(Store store, Plan plan, PlannedPackage pkg, Stage stage, BuildDirs dirs, int jobs)
      throws IOException {
    List<PlannedPackage> closure = plan.closureOf(pkg);
    SandboxSpec.Builder spec = SandboxSpec.builder().network(false).hostname("kiln-build");
    for (PlannedPackage input : closure) {
      spec.mount(new Mount.ReadOnly(store.entry(input.storeName()), Store.containerPath(input.storeName())));
    }
    List<String> pathFirst = new ArrayList<>();
    if (stage.importsHost()) {
      spec.mounts(HostTools.mounts());
      closure.forEach(p -> pathFirst.add(Store.containerPath(p.storeName()) + "/bin"));
    } else {
      List<RootView.Input> view = new ArrayList<>();
      plan.inputsOf(pkg).forEach(p -> view.add(input(store, p.storeName())));
      RootView.create(dirs.view(), view);
      spec.mounts(RootView.mounts(dirs.view()));
    }
    String out = Store.containerPath(pkg.storeName());
    spec.mount(new Mount.Writable(dirs.output(), out))
        .mount(new Mount.Writable(dirs.sources(), BUILD_DIR))
        .mount(new Mount.ReadOnly(dirs.patches(), dev.kiln.model.Script.PATCH_DIR))
        .mount(new Mount.ReadOnly(dirs.script(), SCRIPT));
    cleanEnvironment(spec, pathFirst)
        .env("out", out)
        .env("JOBS", Integer.toString(jobs))
        .env(SearchPaths.of(store, plan, pkg, stage.importsHost()))
        .env(pkg.pkg().env())
        .workdir(dirs.sourceRoot());
    return spec.command(List.of("/bin/sh", SCRIPT));
  }

  private static RootView.Input input(Store store, String storeName) {
    return new RootView.Input(store.entry(storeName), Store.containerPath(storeName));
  }

  /**
   * What a shell or command container is made of.
   *
   * @param packages store names of the packages (their run-time closure is added)
   * @param importHost whether the host's /usr is the root (a stage that imports the host)
   * @param container its settings: network, binds, env, hostname, workdir, tmpfs, limits
   * @param hostWorkdir a host directory mounted writable at /work (kiln shell -w), or null
   */
  public record ShellSpec(List<String> packages, boolean importHost, Container container, Path hostWorkdir,
      List<String> command) {
    public ShellSpec {
      packages = List.copyOf(packages);
      command = List.copyOf(command);
    }
  }

  /**
   * A container holding {@code packages} and what they refer to at run time (static-distro's
   * withpkgs). Its merged /usr is made once per closure and kept (see {@link RootCache}), so a
   * second start costs only bwrap.
   */
  public static Prepared shell(Store store, ShellSpec shell) throws IOException {
    Container c = shell.container();
    List<String> closure = store.runtimeClosure(shell.packages());
    SandboxSpec.Builder spec = SandboxSpec.builder().network(c.network()).hostname(c.hostname());
    for (String name : closure) {
      spec.mount(new Mount.ReadOnly(store.entry(name), Store.containerPath(name)));
    }
    List<String> pathFirst = new ArrayList<>();
    if (shell.importHost()) {
      spec.mounts(HostTools.mounts());
      closure.forEach(name -> pathFirst.add(Store.containerPath(name) + "/bin"));
    } else {
      spec.mounts(RootView.mounts(RootCache.view(store, closure)));
    }
    for (Container.Bind b : c.binds()) {
      Path host = Path.of(b.hostPath());
      spec.mount(b.readOnly() ? new Mount.ReadOnly(host, b.inside()) : new Mount.Writable(host, b.inside()));
    }
    c.tmpfs().forEach(t -> spec.mount(new Mount.Tmpfs(t)));
    String workdir = "/";
    if (shell.hostWorkdir() != null) {
      spec.mount(new Mount.Writable(shell.hostWorkdir().toAbsolutePath(), "/work"));
      workdir = "/work";
    }
    spec.workdir(c.workdir().orElse(workdir));
    cleanEnvironment(spec, pathFirst).env("HOME", "/tmp").env(c.env());
    return new Prepared(spec.command(shell.command()), c.limits());
  }

  /** Runs {@code command} in the container and returns its status and output (container("x").run). */
  public static Sandbox.Captured run(Store store, ShellSpec shell) throws IOException, InterruptedException {
    Prepared prepared = shell(store, shell);
    return Sandbox.capture(prepared.spec(), LimitEnforcer.forLimits(prepared.limits(), shell.container().name()));
  }

  /** A container ready to run, with the limits it asks for. */
  public record Prepared(SandboxSpec spec, Limits limits) {}
}
