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
 * @param depends constraints in kiln's syntax ({@code musl = 1.2.3}): kiln writes the exact versions
 *     of the entries the package refers to at run time, which are what an install must bring along
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

  /**
   * The info of a planned package: it depends on exactly the entries it refers to at run time (a
   * static busybox on nothing, whatever it was built with), and provides and conflicts as its recipe says.
   */
  public static PackageInfo of(Plan plan, PlannedPackage pkg, List<String> references, long installedSize) {
    List<String> depends = references.stream().map(plan::byStoreName).flatMap(java.util.Optional::stream)
        .map(in -> in.name() + " = " + in.pkg().version()).toList();
    return new PackageInfo(pkg.name(), pkg.pkg().version(), pkg.hash(), depends, pkg.pkg().provides(),
        pkg.pkg().conflicts(), installedSize);
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
