package dev.kiln.sandbox;

import dev.kiln.model.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts a container under memory and task limits, the way the host allows: a transient systemd scope
 * ({@code systemd-run --scope -p MemoryMax= -p TasksMax=}), else a child of kiln's own cgroup v2
 * group when that group delegates the memory and pids controllers. Either way the limits cover bwrap
 * and everything it starts.
 */
public final class LimitEnforcer {
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  private LimitEnforcer() {}

  /** How a container's argv is wrapped, and what to clean up after it ended. */
  public record Wrapping(List<String> prefix, Optional<Path> cgroup) {
    public List<String> wrap(List<String> argv) {
      List<String> all = new ArrayList<>(prefix);
      all.addAll(argv);
      return all;
    }

    /** Removes the cgroup made for the run (empty once its processes are gone). */
    public void cleanUp() throws IOException {
      if (cgroup.isPresent()) {
        Files.deleteIfExists(cgroup.get());
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
    return new Wrapping(List.of(), Optional.empty());
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

  /** Chooses how to enforce {@code limits} here, or says clearly why it can't. */
  public static Wrapping forLimits(Limits limits, String container) throws IOException, InterruptedException {
    if (!limits.any()) {
      return none();
    }
    boolean user = !"root".equals(System.getProperty("user.name"));
    List<String> prefix = systemdPrefix(limits, user);
    String systemd = probe(prefix);
    if (systemd.isEmpty()) {
      return new Wrapping(prefix, Optional.empty());
    }
    Optional<Path> delegated = delegatedCgroup();
    if (delegated.isPresent()) {
      return cgroupV2(delegated.get(), limits);
    }
    throw new UnsupportedException("container \"" + container + "\" asks for limits (" + describe(limits)
        + ") but this host cannot enforce them: systemd-run --scope failed (" + systemd + ") and kiln's cgroup is"
        + " not a cgroup v2 group delegating the memory and pids controllers; run it on a host booted with systemd"
        + " (or with cgroup v2 delegated to this user), or remove `limits` from the container");
  }

  static String describe(Limits limits) {
    List<String> parts = new ArrayList<>();
    if (limits.memoryBytes() > 0) {
      parts.add("memory " + limits.memoryBytes() / (1024 * 1024) + " MiB");
    }
    if (limits.pids() > 0) {
      parts.add(limits.pids() + " tasks");
    }
    return String.join(", ", parts);
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

  /**
   * A fresh child group with the limits written, and a prefix that moves the container's first
   * process into it before it execs bwrap, so nothing runs unlimited.
   */
  private static Wrapping cgroupV2(Path parent, Limits limits) throws IOException {
    Path group = Files.createDirectory(parent.resolve("kiln-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
    if (limits.memoryBytes() > 0) {
      Files.writeString(group.resolve("memory.max"), Long.toString(limits.memoryBytes()));
      if (Files.exists(group.resolve("memory.swap.max"))) {
        Files.writeString(group.resolve("memory.swap.max"), "0");
      }
    }
    if (limits.pids() > 0) {
      Files.writeString(group.resolve("pids.max"), Integer.toString(limits.pids()));
    }
    String procs = group.resolve("cgroup.procs").toString();
    return new Wrapping(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", procs), Optional.of(group));
  }
}
