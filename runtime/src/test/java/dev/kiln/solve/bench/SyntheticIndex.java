package dev.kiln.solve.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a Debian-sized synthetic index for the solver benchmark: {@code names} packages, each in one
 * to six versions (upstream bumps, release bumps, epochs, dates, release candidates), depending on
 * older packages with a skew towards a small core (as real distributions do), newer versions needing
 * newer libraries, some virtual packages with versioned and unversioned providers that conflict with
 * each other, version conflicts, and a few broken newest versions the solver must back away from.
 */
final class SyntheticIndex {
  private static final String[] PREFIXES = {"lib", "python3-", "perl-", "ruby-", "golang-", "node-", "r-cran-", "",
      "", "", "gir1.2-", "fonts-", "xserver-xorg-", "texlive-"};
  private static final String[] SYLLABLES = {"ka", "zo", "mi", "ra", "tu", "pex", "lon", "dri", "vel", "sto", "gra",
      "bin", "qua", "fer", "nix", "ulm", "ost", "yar", "hel", "cor"};
  private static final int VIRTUALS = 300;

  private final Random random;
  private final int names;
  private final String[] name;
  private final List<List<String>> versions = new ArrayList<>();

  private SyntheticIndex(int names, long seed) {
    this.random = new Random(seed);
    this.names = names;
    this.name = new String[names];
    for (int i = 0; i < names; i++) {
      name[i] = PREFIXES[random.nextInt(PREFIXES.length)] + word() + (i % 7 == 0 ? "" : String.valueOf(i % 97))
          + "-" + i;
      versions.add(versionsFor());
    }
  }

  static SyntheticIndex create(int names, long seed) {
    return new SyntheticIndex(names, seed);
  }

  /** Package {@code i}'s name. */
  String name(int i) {
    return name[i];
  }

  private String word() {
    StringBuilder w = new StringBuilder();
    for (int n = 2 + random.nextInt(3); n > 0; n--) {
      w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    }
    return w.toString();
  }

  /** Oldest first: a release history in one of a few real-looking styles. */
  private List<String> versionsFor() {
    int count = 1 + (int) Math.min(5, -Math.log(1 - random.nextDouble()) * 1.3);
    List<String> list = new ArrayList<>();
    int style = random.nextInt(20);
    int major = random.nextInt(5);
    int minor = random.nextInt(20);
    int patch = random.nextInt(10);
    int date = 20180101 + random.nextInt(5) * 10000;
    String epoch = style == 0 ? "1:" : "";
    for (int k = 0; k < count; k++) {
      int bump = random.nextInt(10);
      if (bump < 5) {
        patch++;
      } else if (bump < 8) {
        minor++;
        patch = 0;
      } else {
        major++;
        minor = 0;
        patch = 0;
      }
      date += 100 + random.nextInt(800);
      String upstream = switch (style) {
        case 1 -> String.valueOf(date);
        case 2 -> major + "." + minor + (k == count - 1 && count > 1 ? "rc" + (1 + random.nextInt(3)) : "");
        case 3 -> major + "." + minor + "." + patch + "+dfsg";
        default -> major + "." + minor + "." + patch;
      };
      list.add(epoch + upstream + "-" + (1 + random.nextInt(3)));
    }
    // A release candidate sorts below its release: keep the list in real version order.
    list.sort((a, b) -> dev.kiln.version.Vercmp.compare(a, b));
    return list.stream().distinct().toList();
  }

  /** Writes the index and returns how many stanzas it holds. */
  int writeTo(Path file) throws IOException {
    int stanzas = 0;
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < names; i++) {
        List<String> vs = versions.get(i);
        String virtual = i > 100 && random.nextInt(50) == 0 ? "virtual-" + random.nextInt(VIRTUALS) : null;
        for (int k = 0; k < vs.size(); k++) {
          stanza(out, i, k, vs, virtual);
          stanzas++;
        }
      }
    }
    return stanzas;
  }

  private void stanza(Writer out, int i, int k, List<String> vs, String virtual) throws IOException {
    int age = vs.size() - 1 - k; // 0 for the newest
    List<String> depends = new ArrayList<>();
    int count = i < 40 ? random.nextInt(2) : random.nextInt(6);
    for (int d = 0; d < count; d++) {
      depends.add(dependency(i, age));
    }
    if (age == 0 && vs.size() > 1 && random.nextInt(30) == 0) {
      depends.add(name[random.nextInt(Math.max(1, i))] + " >= 99"); // a broken newest version
    }
    out.write("Package: " + name[i] + "\nVersion: " + vs.get(k) + "\n");
    out.write("Hash: " + Long.toHexString(random.nextLong()) + "\nSize: " + (1000 + random.nextInt(900000)) + "\n");
    if (!depends.isEmpty()) {
      out.write("Depends: " + String.join(", ", depends.stream().distinct().toList()) + "\n");
    }
    if (virtual != null) {
      boolean library = virtual.hashCode() % 2 == 0;
      out.write("Provides: " + (library ? virtual + ".so=" + (k + 1) : virtual) + "\n");
      if (!library) {
        out.write("Conflicts: " + virtual + "\n"); // exclusive alternatives, like mail transport agents
      }
    } else if (i > 1000 && random.nextInt(100) == 0) {
      int other = random.nextInt(i);
      out.write("Conflicts: " + name[other] + " < " + versions.get(other).get(versions.get(other).size() - 1) + "\n");
    }
    out.write("Filename: " + name[i] + "-" + vs.get(k).replace(':', '_') + ".tar.zst\n\n");
  }

  /** A dependency of version {@code age} (0 = newest) of package {@code i}: mostly on the core, newer needing newer. */
  private String dependency(int i, int age) {
    if (i > 100 && random.nextInt(60) == 0) {
      int v = random.nextInt(VIRTUALS);
      return "virtual-" + v + (("virtual-" + v).hashCode() % 2 == 0 ? ".so >= 1" : "");
    }
    double u = random.nextDouble();
    int j = (int) (i * u * u * u);
    List<String> vs = versions.get(j);
    int pick = Math.max(0, vs.size() - 1 - age - random.nextInt(2));
    String v = vs.get(pick);
    int kind = random.nextInt(20);
    if (kind < 9) {
      return name[j];
    }
    if (kind < 17) {
      return name[j] + " >= " + v.substring(0, v.lastIndexOf('-'));
    }
    if (kind < 19) {
      return name[j] + " >= " + v + ", < " + nextMajor(v);
    }
    return name[j] + " <= " + v;
  }

  private static String nextMajor(String v) {
    String upstream = v.contains(":") ? v.substring(v.indexOf(':') + 1) : v;
    int end = 0;
    while (end < upstream.length() && Character.isDigit(upstream.charAt(end))) {
      end++;
    }
    String epoch = v.contains(":") ? v.substring(0, v.indexOf(':') + 1) : "";
    return end == 0 ? v + "z" : epoch + (Long.parseLong(upstream.substring(0, end)) + 1);
  }
}
