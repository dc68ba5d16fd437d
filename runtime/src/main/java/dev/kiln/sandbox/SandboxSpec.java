package dev.kiln.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a container is: its mounts, its environment (nothing else is inherited), its working
 * directory, whether it has a network, and the command. Immutable; {@link Bwrap} turns it into argv.
 */
public record SandboxSpec(
    List<Mount> mounts, SortedMap<String, String> env, String workdir, boolean network, String hostname,
    List<String> command) {

  public SandboxSpec {
    mounts = List.copyOf(mounts);
    env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a container needs a command");
    }
  }

  /** A builder with the defaults: no mounts but /proc, /dev and /tmp, empty env, workdir /, no network, hostname "kiln". */
  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final List<Mount> mounts = new ArrayList<>();
    private final Map<String, String> env = new TreeMap<>();
    private String workdir = "/";
    private boolean network;
    private String hostname = "kiln";

    private Builder() {}

    public Builder mount(Mount mount) {
      mounts.add(mount);
      return this;
    }

    public Builder mounts(List<? extends Mount> all) {
      mounts.addAll(all);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder env(Map<String, String> all) {
      env.putAll(all);
      return this;
    }

    public Builder workdir(String dir) {
      workdir = dir;
      return this;
    }

    public Builder network(boolean on) {
      network = on;
      return this;
    }

    public Builder hostname(String name) {
      hostname = name;
      return this;
    }

    public SandboxSpec command(List<String> command) {
      return new SandboxSpec(mounts, new TreeMap<>(env), workdir, network, hostname, command);
    }
  }
}
