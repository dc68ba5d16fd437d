package dev.kiln.plan;

import dev.kiln.hash.Sha256;
import dev.kiln.host.HostSeal;
import dev.kiln.model.Package;
import java.util.List;
import java.util.Optional;

/**
 * A package with its content hash and store name, and its inputs by store name.
 *
 * @param storeName {@code <name>-<version>-<first 32 hex digits of the hash>}
 * @param inputs every build input: the declared dependencies, then the stage's toolchain
 * @param dependencies the store names of the declared dependencies by dependency name, in declaration order
 * @param host for a host import, the host files it was hashed over (and must copy)
 */
public record PlannedPackage(Package pkg, Sha256 hash, String storeName, List<String> inputs,
    java.util.Map<String, String> dependencies, Optional<HostSeal> host) {
  /** How many hex digits of the hash name a store entry: 128 bits, plenty against collisions. */
  public static final int STORE_HASH_DIGITS = 32;

  public PlannedPackage {
    inputs = List.copyOf(inputs);
    dependencies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dependencies));
  }

  public String name() {
    return pkg.name();
  }

  /** The short hash shown to people. */
  public String shortHash() {
    return hash.prefix(8);
  }

  static String storeNameOf(Package pkg, Sha256 hash) {
    return pkg.name() + "-" + pkg.version() + "-" + hash.prefix(STORE_HASH_DIGITS);
  }
}
