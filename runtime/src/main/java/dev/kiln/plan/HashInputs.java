package dev.kiln.plan;

import dev.kiln.hash.Sha256;
import dev.kiln.model.Package;
import dev.kiln.model.Patch;
import dev.kiln.model.Source;
import dev.kiln.model.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a package's hash was taken over, as named fields a person can compare ({@code source
 * hello-1.0.tar.gz}, {@code env CFLAGS}, {@code input musl}, ...): kept beside each store entry
 * so that kiln can say which input changed since the last build of a package.
 *
 * @param fields {@code "kind key"} (or just {@code kind}) to value, sorted
 */
public record HashInputs(SortedMap<String, String> fields) {
  public HashInputs {
    fields = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fields));
  }

  public static HashInputs of(Plan plan, PlannedPackage planned, Stage stage) {
    Package pkg = planned.pkg();
    SortedMap<String, String> fields = new TreeMap<>();
    fields.put("name", pkg.name());
    fields.put("version", pkg.version());
    fields.put("stage", stage.name() + (stage.importsHost() ? " (host tools)" : ""));
    for (Source source : pkg.sources()) {
      fields.put("source " + source.fileName(), source.sha256().hex());
    }
    for (Patch patch : pkg.patches()) {
      fields.put("patch " + patch.source().fileName() + " -p" + patch.strip(), patch.sha256().hex());
    }
    // By phase, so that kiln can say which part of the script changed.
    dev.kiln.model.Script.phasesOf(pkg).forEach((phase, text) -> fields.put("phase " + phase, Sha256.ofString(text).hex()));
    planned.host().ifPresent(seal -> fields.put("host-files", seal.manifest().fingerprint().hex()));
    pkg.env().forEach((key, value) -> fields.put("env " + key, value));
    for (PlannedPackage input : plan.inputsOf(planned)) {
      fields.put("input " + input.name(), input.storeName());
    }
    return new HashInputs(fields);
  }

  /** The package name these inputs belong to. */
  public String name() {
    return fields.getOrDefault("name", "");
  }

  /** One line per field that differs from {@code before}: what changed, was added or went away. */
  public List<String> changesSince(HashInputs before) {
    List<String> changes = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(fields.keySet());
    keys.addAll(before.fields.keySet());
    for (String key : keys) {
      String now = fields.get(key);
      String then = before.fields.get(key);
      if (Objects.equals(now, then)) {
        continue;
      }
      if (then == null) {
        changes.add(key + " added: " + shown(now));
      } else if (now == null) {
        changes.add(key + " removed (was " + shown(then) + ")");
      } else {
        changes.add(key + " changed: " + shown(then) + " -> " + shown(now));
      }
    }
    return changes;
  }

  /** Digests and store names shortened the way kiln shows hashes. */
  private static String shown(String value) {
    if (value.matches("[0-9a-f]{64}")) {
      return value.substring(0, 8);
    }
    if (value.matches(".+-[0-9a-f]{" + PlannedPackage.STORE_HASH_DIGITS + "}")) {
      return value.substring(0, value.length() - PlannedPackage.STORE_HASH_DIGITS + 8);
    }
    return "\"" + value + "\"";
  }

  /** The fields as a map, for storing. */
  public Map<String, String> asMap() {
    return fields;
  }
}
