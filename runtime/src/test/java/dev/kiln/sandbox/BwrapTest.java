package dev.kiln.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BwrapTest {
  private static SandboxSpec spec(boolean network) {
    return SandboxSpec.builder()
        .mount(new Mount.ReadOnly(Path.of("/store/musl-1"), "/kiln/store/musl-1"))
        .mount(new Mount.Writable(Path.of("/tmp/w/src"), "/build"))
        .env("PATH", "/usr/bin")
        .env("HOME", "/homeless")
        .workdir("/build")
        .network(network)
        .command(List.of("/bin/sh", "/kiln/build.sh"));
  }

  @Test
  void argv_is_exactly_the_container_we_mean() {
    assertEquals(List.of("bwrap",
        "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--unshare-net",
        "--die-with-parent", "--new-session", "--hostname", "kiln",
        "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
        "--ro-bind", "/store/musl-1", "/kiln/store/musl-1",
        "--bind", "/tmp/w/src", "/build",
        "--clearenv", "--setenv", "HOME", "/homeless", "--setenv", "PATH", "/usr/bin",
        "--chdir", "/build", "--", "/bin/sh", "/kiln/build.sh"), Bwrap.argv(spec(false)));
  }

  @Test
  void network_is_shared_only_when_asked() {
    assertFalse(Bwrap.argv(spec(true)).contains("--unshare-net"));
    assertTrue(Bwrap.argv(spec(false)).contains("--unshare-net"));
  }

  @Test
  void interactive_containers_keep_the_terminal_session() {
    assertFalse(Bwrap.interactiveArgv(spec(false)).contains("--new-session"));
  }

  @Test
  void forbidden_user_namespaces_are_explained_in_one_line_with_the_fix() {
    for (String raw : List.of("bwrap: No permission to create new namespace, likely because the kernel does not allow non-privileged user namespaces.",
        "bwrap: setting up uid map: Permission denied",
        "bwrap: Creating new namespace failed: Operation not permitted")) {
      String why = Sandbox.explainNamespaceFailure(List.of("kiln: building x", raw)).orElseThrow();
      assertTrue(why.contains("user namespaces") && why.contains("sysctl"), why);
      assertFalse(why.contains("\n"), why);
    }
  }

  @Test
  void ordinary_build_failures_are_not_mistaken_for_namespace_trouble() {
    assertTrue(Sandbox.explainNamespaceFailure(List.of("make: *** [all] Error 1", "cc: not found")).isEmpty());
  }
}
