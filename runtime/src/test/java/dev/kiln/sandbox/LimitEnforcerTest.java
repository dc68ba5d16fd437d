package dev.kiln.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.model.Limits;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitEnforcerTest {
  @Test
  void systemd_run_gets_memory_without_swap_and_tasks_as_scope_properties() {
    assertEquals(List.of("systemd-run", "--scope", "--quiet", "--collect", "-p", "MemoryMax=268435456",
        "-p", "MemorySwapMax=0", "-p", "TasksMax=64", "--"), LimitEnforcer.systemdPrefix(new Limits(256L << 20, 64), false));
    assertEquals(List.of("systemd-run", "--scope", "--quiet", "--collect", "--user", "-p", "TasksMax=8", "--"),
        LimitEnforcer.systemdPrefix(new Limits(0, 8), true));
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
