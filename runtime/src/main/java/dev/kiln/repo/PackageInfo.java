package dev.kiln.repo;

import dev.kiln.hash.Sha256;
import dev.kiln.plan.Plan;
import dev.kiln.plan.PlannedPackage;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a published package says about itself, in its archive's metadata and in the index alike.
 *
 * @param hash the package hash: a build whose plan has this hash can take this package instead
 * @param depends constraints in Debian's syntax, e.g. {@code musl (= 1.2.5)}; kiln writes the exact
 *     versions a build was made against
 * @param installedSize the bytes of the entry's regular files
 */
public record PackageInfo(String name, String version, Sha256 hash, List<String> depends, List<String> provides,
    List<String> conflicts, long installedSize) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
  private static final Pattern VERSION = Pattern.compile("([0-9]+:)?[A-Za-z0-9][A-Za-z0-9._+~-]*");

  public PackageInfo {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad package name \"" + name + "\"");
    }
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("bad version \"" + version + "\" of " + name);
    }
    Objects.requireNonNull(hash, "hash");
    depends = checkList("Depends", depends);
    provides = checkList("Provides", provides);
    conflicts = checkList("Conflicts", conflicts);
    if (installedSize < 0) {
      throw new IllegalArgumentException("negative installed size of " + name);
    }
  }

  private static List<String> checkList(String field, List<String> items) {
    for (String item : items) {
      if (item.isBlank() || item.contains(",") || item.contains("\n")) {
        throw new IllegalArgumentException(field + " item \"" + item + "\" is empty or holds a comma or newline");
      }
    }
    return List.copyOf(items);
  }

  /** The info of a planned package: it depends on exactly the inputs it was built with. */
  public static PackageInfo of(Plan plan, PlannedPackage pkg, long installedSize) {
    List<String> depends = plan.inputsOf(pkg).stream()
        .map(in -> in.name() + " (= " + in.pkg().version() + ")").toList();
    return new PackageInfo(pkg.name(), pkg.pkg().version(), pkg.hash(), depends, List.of(), List.of(), installedSize);
  }

  /** The store entry this package unpacks to, as {@link PlannedPackage} names it. */
  public String storeName() {
    return name + "-" + version + "-" + hash.prefix(PlannedPackage.STORE_HASH_DIGITS);
  }

  void write(Stanza.Writer out) {
    out.field("Package", name).field("Version", version).field("Hash", hash.hex())
        .list("Depends", depends).list("Provides", provides).list("Conflicts", conflicts)
        .field("Installed-Size", Long.toString(installedSize));
  }

  static PackageInfo read(Stanza stanza) throws RepoFormatException {
    try {
      return new PackageInfo(stanza.require("Package"), stanza.require("Version"), Sha256.of(stanza.require("Hash")),
          stanza.list("Depends"), stanza.list("Provides"), stanza.list("Conflicts"), stanza.number("Installed-Size"));
    } catch (IllegalArgumentException e) {
      throw new RepoFormatException(stanza.where(), e.getMessage());
    }
  }
}
