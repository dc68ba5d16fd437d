package dev.kiln.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.model.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitEnforcerTest {
  @TempDir Path dir;

  @Test
  void systemd_run_gets_memory_without_swap_and_tasks_as_scope_properties() {
    assertEquals(List.of("systemd-run", "--scope", "--quiet", "--collect", "-p", "MemoryMax=268435456",
        "-p", "MemorySwapMax=0", "-p", "TasksMax=64", "--"), LimitEnforcer.systemdPrefix(new Limits(256L << 20, 64), false));
    assertEquals(List.of("systemd-run", "--scope", "--quiet", "--collect", "--user", "-p", "TasksMax=8", "--"),
        LimitEnforcer.systemdPrefix(new Limits(0, 8), true));
  }

  @Test
  void the_first_process_joins_every_group_before_it_execs_the_container() throws Exception {
    List<String> prefix = LimitEnforcer.joinPrefix(List.of(Path.of("/cg/memory/k/cgroup.procs"), Path.of("/cg/pids/k/cgroup.procs")));
    assertEquals(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && echo $$ > \"$1\" && shift 1 && exec \"$@\"",
        "/cg/memory/k/cgroup.procs", "/cg/pids/k/cgroup.procs"), prefix);
  }

  @Test
  void the_join_prefix_really_writes_the_shells_pid_to_each_file_then_runs_the_command() throws Exception {
    Path a = Files.createFile(dir.resolve("a"));
    Path b = Files.createFile(dir.resolve("b"));
    List<String> argv = new java.util.ArrayList<>(LimitEnforcer.joinPrefix(List.of(a, b)));
    argv.addAll(List.of("sh", "-c", "echo $$ > \"$0\"", dir.resolve("c").toString()));
    Process p = new ProcessBuilder(argv).start();
    assertEquals(0, p.waitFor());
    String pid = Long.toString(p.pid());
    assertEquals(pid, Files.readString(a).trim());
    assertEquals(pid, Files.readString(b).trim());
    assertEquals(pid, Files.readString(dir.resolve("c")).trim(), "the command ran in the same process, after exec");
  }

  @Test
  void memory_sizes_read_like_systemds() {
    assertEquals(65536, Limits.parseMemory("65536"));
    assertEquals(64L << 10, Limits.parseMemory("64K"));
    assertEquals(2L << 30, Limits.parseMemory("2g"));
    assertThrows(IllegalArgumentException.class, () -> Limits.parseMemory("1.5G"));
  }

  @Test
  void a_container_without_limits_is_not_wrapped() throws Exception {
    assertEquals(List.of("bwrap", "true"), LimitEnforcer.forLimits(Limits.NONE, "x").wrap(List.of("bwrap", "true")));
  }
}
