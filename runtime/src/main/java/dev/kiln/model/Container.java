package dev.kiln.model;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A named container: the given packages (and what they reference at run time) assembled into a
 * root, plus host directories bound in.
 *
 * @param stage the stage the package names are looked up in
 */
public record Container(String name, String stage, List<String> packages, boolean network, List<Bind> binds,
    SortedMap<String, String> env, SourceLocation declaredAt) {

  public Container {
    Names.check("container", name);
    packages = List.copyOf(packages);
    binds = List.copyOf(binds);
    env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
  }

  /** A host directory mounted into the container. */
  public record Bind(String hostPath, String inside, boolean readOnly) {}
}
