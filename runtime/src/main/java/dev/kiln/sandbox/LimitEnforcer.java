package dev.kiln.sandbox;

import dev.kiln.model.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Puts a container under memory and task limits, the way the host allows: a transient systemd scope
 * ({@code systemd-run --scope -p MemoryMax= -p TasksMax=}), else a child of kiln's own cgroup v2
 * group when that group delegates the memory and pids controllers, else children of kiln's groups
 * in the cgroup v1 memory and pids hierarchies (a host without systemd, as root). Either way the
 * limits cover bwrap and everything it starts.
 */
public final class LimitEnforcer {
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  /** What systemd-run said to each prefix tried ("" when it worked): asked once, as the answer does not change. */
  private static final java.util.Map<List<String>, String> SYSTEMD_PROBES = new java.util.concurrent.ConcurrentHashMap<>();

  private LimitEnforcer() {}

  /**
   * How a container's argv is wrapped, and the cgroups made for the run: read to tell which limit
   * a failed run hit, and removed after it.
   */
  public record Wrapping(List<String> prefix, List<Group> groups) {
    public Wrapping {
      prefix = List.copyOf(prefix);
      groups = List.copyOf(groups);
    }

    public List<String> wrap(List<String> argv) {
      List<String> all = new ArrayList<>(prefix);
      all.addAll(argv);
      return all;
    }

    /** Whether {@link #exceeded} can tell which limit a run hit: only from cgroups kiln made itself. */
    public boolean tellsWhichLimit() {
      return !groups.isEmpty();
    }

    /**
     * The limit the run ran into, as "its memory limit of 64 MiB", when its cgroups say so; empty
     * when none did or kiln cannot tell (a systemd scope is gone once its run ended).
     */
    public Optional<String> exceeded() {
      for (Group group : groups) {
        Optional<String> hit = group.exceeded();
        if (hit.isPresent()) {
          return hit;
        }
      }
      return Optional.empty();
    }

    /**
     * Kills what is left in the run's cgroups and removes them. A cgroup stays busy for a moment
     * after its last process was killed, so removal is retried briefly; one that still cannot go
     * is left behind rather than failing a finished run.
     */
    public void cleanUp() throws InterruptedException {
      for (Group group : groups) {
        group.remove();
      }
    }
  }

  /** A cgroup made for one run, in a cgroup v2 tree or a v1 hierarchy, with the limits written to it. */
  public record Group(Path dir, boolean v2, Limits limits) {
    Optional<String> exceeded() {
      if (limits.memoryBytes() > 0 && (v2 ? count("memory.events", "oom_kill") > 0 : oomKilledV1())) {
        return Optional.of("its memory limit of " + mebibytes(limits.memoryBytes()));
      }
      if (limits.pids() > 0 && count("pids.events", "max") > 0) {
        return Optional.of("its limit of " + limits.pids() + " tasks (processes and threads)");
      }
      return Optional.empty();
    }

    /** v1 counts OOM kills in memory.oom_control on newer kernels; older ones only count hits of the limit. */
    private boolean oomKilledV1() {
      long kills = count("memory.oom_control", "oom_kill");
      return kills > 0 || kills < 0 && count("memory.failcnt", null) > 0;
    }

    /** The number after {@code key} in a flat-keyed file (the whole file when key is null); -1 when absent. */
    private long count(String file, String key) {
      try {
        for (String line : Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8)) {
          String[] words = line.trim().split("\\s+");
          if (key == null && words.length == 1) {
            return Long.parseLong(words[0]);
          }
          if (words.length == 2 && words[0].equals(key)) {
            return Long.parseLong(words[1]);
          }
        }
      } catch (IOException | NumberFormatException e) {
        return -1;
      }
      return -1;
    }

    private void remove() throws InterruptedException {
      for (int attempt = 0; attempt < 100; attempt++) {
        try {
          killAll();
          Files.deleteIfExists(dir);
          return;
        } catch (IOException busy) {
          Thread.sleep(20);
        }
      }
    }

    private void killAll() throws IOException {
      Path procs = dir.resolve("cgroup.procs");
      if (!Files.exists(procs)) {
        return;
      }
      for (String pid : Files.readAllLines(procs)) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  /** The host cannot enforce limits; the message says what was tried and what to do. */
  public static final class UnsupportedException extends IOException {
    public UnsupportedException(String message) {
      super(message);
    }
  }

  /** No wrapping for a container without limits. */
  public static Wrapping none() {
    return new Wrapping(List.of(), List.of());
  }

  /** The systemd-run prefix for these limits (pure, so tests compare it as data). */
  public static List<String> systemdPrefix(Limits limits, boolean user) {
    List<String> argv = new ArrayList<>(List.of("systemd-run", "--scope", "--quiet", "--collect"));
    if (user) {
      argv.add("--user");
    }
    if (limits.memoryBytes() > 0) {
      argv.addAll(List.of("-p", "MemoryMax=" + limits.memoryBytes(), "-p", "MemorySwapMax=0"));
    }
    if (limits.pids() > 0) {
      argv.addAll(List.of("-p", "TasksMax=" + limits.pids()));
    }
    argv.add("--");
    return argv;
  }

  /**
   * The prefix that moves the container's first process into every one of {@code procs} (the groups'
   * cgroup.procs files) before it execs the container, so nothing runs unlimited (pure, for tests).
   */
  public static List<String> joinPrefix(List<Path> procs) {
    StringBuilder script = new StringBuilder("echo $$ > \"$0\"");
    for (int i = 1; i < procs.size(); i++) {
      script.append(" && echo $$ > \"$").append(i).append('"');
    }
    if (procs.size() > 1) {
      script.append(" && shift ").append(procs.size() - 1);
    }
    script.append(" && exec \"$@\"");
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script.toString()));
    procs.forEach(p -> argv.add(p.toString()));
    return argv;
  }

  /**
   * Chooses how to enforce {@code limits} here, or says clearly why it can't.
   *
   * @param subject what asks for the limits, for the message: {@code container "box"}
   */
  public static Wrapping forLimits(Limits limits, String subject) throws IOException, InterruptedException {
    if (!limits.any()) {
      return none();
    }
    boolean user = !"root".equals(System.getProperty("user.name"));
    List<String> prefix = systemdPrefix(limits, user);
    String systemd = SYSTEMD_PROBES.get(prefix);
    if (systemd == null) {
      systemd = probe(prefix);
      SYSTEMD_PROBES.put(prefix, systemd);
    }
    if (systemd.isEmpty()) {
      return new Wrapping(prefix, List.of());
    }
    Optional<Path> delegated = delegatedCgroup();
    if (delegated.isPresent()) {
      return cgroupV2(delegated.get(), limits);
    }
    Optional<Wrapping> v1 = cgroupV1(limits);
    if (v1.isPresent()) {
      return v1.get();
    }
    throw new UnsupportedException(subject + " asks for limits (" + describe(limits)
        + ") but this host cannot enforce them: systemd-run --scope failed (" + systemd + "), kiln's cgroup is"
        + " not a cgroup v2 group delegating the memory and pids controllers, and kiln cannot make groups in the"
        + " cgroup v1 hierarchies; run it on a host booted with systemd (or with cgroup v2 delegated to this user,"
        + " or as root), or remove its `limits`");
  }

  static String describe(Limits limits) {
    List<String> parts = new ArrayList<>();
    if (limits.memoryBytes() > 0) {
      parts.add("memory " + mebibytes(limits.memoryBytes()));
    }
    if (limits.pids() > 0) {
      parts.add(limits.pids() + " tasks");
    }
    return String.join(", ", parts);
  }

  private static String mebibytes(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }

  /** Runs {@code true} under the prefix: empty when it worked, else the first line it printed. */
  private static String probe(List<String> prefix) throws InterruptedException {
    List<String> argv = new ArrayList<>(prefix);
    argv.add("true");
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() == 0) {
        return "";
      }
      return said.isEmpty() ? "exit status " + p.exitValue() : said.lines().findFirst().orElse(said);
    } catch (IOException e) {
      return "no systemd-run: " + e.getMessage();
    }
  }

  /** kiln's own cgroup v2 directory, when it lets kiln create children with memory and pids limits. */
  private static Optional<Path> delegatedCgroup() throws IOException {
    Path self = Path.of("/proc/self/cgroup");
    if (!Files.isRegularFile(CGROUP_ROOT.resolve("cgroup.controllers")) || !Files.isReadable(self)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(self)) {
      if (line.startsWith("0::")) {
        Path dir = CGROUP_ROOT.resolve(line.substring(3).replaceFirst("^/", ""));
        Path control = dir.resolve("cgroup.subtree_control");
        if (Files.isWritable(dir) && Files.isReadable(control)) {
          String enabled = Files.readString(control);
          if (enabled.contains("memory") && enabled.contains("pids")) {
            return Optional.of(dir);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A fresh child group with the limits written, and the prefix that puts the container in it. */
  private static Wrapping cgroupV2(Path parent, Limits limits) throws IOException {
    Path group = Files.createDirectory(parent.resolve(groupName()));
    if (limits.memoryBytes() > 0) {
      Files.writeString(group.resolve("memory.max"), Long.toString(limits.memoryBytes()));
      if (Files.exists(group.resolve("memory.swap.max"))) {
        Files.writeString(group.resolve("memory.swap.max"), "0");
      }
    }
    if (limits.pids() > 0) {
      Files.writeString(group.resolve("pids.max"), Integer.toString(limits.pids()));
    }
    return new Wrapping(joinPrefix(List.of(group.resolve("cgroup.procs"))), List.of(new Group(group, true, limits)));
  }

  /**
   * Children of kiln's groups in the v1 hierarchies of the controllers the limits need, when kiln may
   * make them: memory.limit_in_bytes (and memory.memsw.limit_in_bytes, so swap is no way out),
   * pids.max.
   */
  private static Optional<Wrapping> cgroupV1(Limits limits) throws IOException, InterruptedException {
    Optional<Path> memory = limits.memoryBytes() > 0 ? v1Group("memory") : Optional.empty();
    Optional<Path> pids = limits.pids() > 0 ? v1Group("pids") : Optional.empty();
    if (limits.memoryBytes() > 0 && memory.isEmpty() || limits.pids() > 0 && pids.isEmpty()) {
      return Optional.empty();
    }
    String name = groupName();
    List<Group> groups = new ArrayList<>();
    try {
      if (memory.isPresent()) {
        Path group = Files.createDirectory(memory.get().resolve(name));
        groups.add(new Group(group, false, new Limits(limits.memoryBytes(), 0)));
        String bytes = Long.toString(limits.memoryBytes());
        Files.writeString(group.resolve("memory.limit_in_bytes"), bytes);
        if (Files.exists(group.resolve("memory.memsw.limit_in_bytes"))) {
          Files.writeString(group.resolve("memory.memsw.limit_in_bytes"), bytes);
        }
      }
      if (pids.isPresent()) {
        Path group = Files.createDirectory(pids.get().resolve(name));
        groups.add(new Group(group, false, new Limits(0, limits.pids())));
        Files.writeString(group.resolve("pids.max"), Integer.toString(limits.pids()));
      }
    } catch (IOException e) {
      new Wrapping(List.of(), groups).cleanUp();
      return Optional.empty();
    }
    List<Path> procs = groups.stream().map(g -> g.dir().resolve("cgroup.procs")).toList();
    return Optional.of(new Wrapping(joinPrefix(procs), groups));
  }

  /**
   * kiln's own group in the v1 hierarchy that holds {@code controller}, when kiln may write there:
   * its path from /proc/self/cgroup, under the hierarchy's mount point from /proc/self/mountinfo.
   */
  private static Optional<Path> v1Group(String controller) throws IOException {
    Path self = Path.of("/proc/self/cgroup");
    Path mounts = Path.of("/proc/self/mountinfo");
    if (!Files.isReadable(self) || !Files.isReadable(mounts)) {
      return Optional.empty();
    }
    String path = null;
    for (String line : Files.readAllLines(self)) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && Arrays.asList(parts[1].split(",")).contains(controller)) {
        path = parts[2];
      }
    }
    if (path == null) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(mounts)) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] mount = line.substring(0, dash).split(" ");
      String[] fs = line.substring(dash + 3).split(" ");
      if (mount.length < 5 || fs.length < 3 || !fs[0].equals("cgroup")
          || !Arrays.asList(fs[2].split(",")).contains(controller)) {
        continue;
      }
      // The mount shows the hierarchy from its root; kiln's path is relative to the hierarchy's.
      String root = mount[3];
      String below = path.startsWith(root) ? path.substring(root.length()) : path;
      Path dir = Path.of(mount[4].replace("\\040", " ")).resolve(below.replaceFirst("^/+", ""));
      if (Files.isDirectory(dir) && Files.isWritable(dir) && Files.isWritable(dir.resolve("cgroup.procs"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static String groupName() {
    return "kiln-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }
}
