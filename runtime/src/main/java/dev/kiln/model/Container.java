package dev.kiln.model;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A named container: the given packages (and what they reference at run time) assembled into a
 * root, plus host directories bound in.
 *
 * @param stage the stage the package names are looked up in
 * @param hostname the container's host name
 * @param workdir where the command starts inside the container; empty: {@code /} (or {@code /work}
 *     when kiln shell is given {@code -w})
 * @param tmpfs paths inside that get an empty, writable tmpfs
 */
public record Container(String name, String stage, List<String> packages, boolean network, List<Bind> binds,
    SortedMap<String, String> env, String hostname, Optional<String> workdir, List<String> tmpfs, Limits limits,
    SourceLocation declaredAt) {

  public static final String DEFAULT_HOSTNAME = "kiln";

  public Container {
    Names.check("container", name);
    packages = List.copyOf(packages);
    binds = List.copyOf(binds);
    env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
    tmpfs = List.copyOf(tmpfs);
    workdir.ifPresent(Container::checkInside);
    tmpfs.forEach(Container::checkInside);
    binds.forEach(b -> checkInside(b.inside()));
    if (hostname.isEmpty() || !hostname.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}")) {
      throw new IllegalArgumentException("hostname \"" + hostname + "\" is not a host name (letters, digits, '-' and '.')");
    }
  }

  /** A container of just these packages with every setting at its default (kiln shell --with). */
  public static Container of(String name, String stage, List<String> packages) {
    return new Container(name, stage, packages, false, List.of(), new TreeMap<>(), DEFAULT_HOSTNAME, Optional.empty(),
        List.of(), Limits.NONE, SourceLocation.UNKNOWN);
  }

  private static void checkInside(String path) {
    if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
      throw new IllegalArgumentException("container path " + path + " must be absolute, without ..");
    }
  }

  /** A host directory mounted into the container. */
  public record Bind(String hostPath, String inside, boolean readOnly) {}
}
