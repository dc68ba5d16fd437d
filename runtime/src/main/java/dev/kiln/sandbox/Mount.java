package dev.kiln.sandbox;

import java.nio.file.Path;

/** One thing placed into a container's otherwise empty root. */
public sealed interface Mount {
  /** Where it appears inside the container. */
  String inside();

  /** bwrap's arguments for it. */
  java.util.List<String> bwrapArgs();

  /** A host path, read-only. */
  record ReadOnly(Path host, String inside) implements Mount {
    @Override
    public java.util.List<String> bwrapArgs() {
      return java.util.List.of("--ro-bind", host.toString(), inside);
    }
  }

  /** A host path, writable. */
  record Writable(Path host, String inside) implements Mount {
    @Override
    public java.util.List<String> bwrapArgs() {
      return java.util.List.of("--bind", host.toString(), inside);
    }
  }

  /** A symbolic link, e.g. {@code /bin -> usr/bin} on merged-/usr hosts. */
  record Symlink(String target, String inside) implements Mount {
    @Override
    public java.util.List<String> bwrapArgs() {
      return java.util.List.of("--symlink", target, inside);
    }
  }

  /** An empty, writable tmpfs. */
  record Tmpfs(String inside) implements Mount {
    @Override
    public java.util.List<String> bwrapArgs() {
      return java.util.List.of("--tmpfs", inside);
    }
  }
}
