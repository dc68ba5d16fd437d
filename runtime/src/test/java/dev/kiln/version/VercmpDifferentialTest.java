package dev.kiln.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated tricky pairs compared by kiln and by the real pacman {@code vercmp}
 * (Debian's {@code makepkg} package). vercmp has no batch mode, so one shell loops over the pairs.
 */
class VercmpDifferentialTest {
  private static final int PAIRS = 3000;
  private static final String[] SEGMENTS = {"0", "1", "2", "9", "10", "01", "001", "0010", "123456789012345678901",
      "a", "b", "z", "A", "alpha", "beta", "rc", "pre", "p", "1a", "a1", "rc2", "20230115", ""};
  private static final String[] SEPARATORS = {".", ".", ".", "_", "+", "~", "..", "-", "é", ".-"};
  private static final String[] EPOCHS = {"", "", "", "", "0:", "1:", "2:", "01:", ":", "10:", "a:"};
  private static final String[] RELEASES = {"", "", "-1", "-2", "-1.1", "-0", "-", "-01", "-1a", "-a"};

  @TempDir Path dir;

  @Test
  void agrees_with_the_real_pacman_vercmp_on_generated_pairs() throws IOException, InterruptedException {
    assumeTrue(onPath("vercmp"), "pacman's vercmp is not installed (apt-get install makepkg)");
    List<String[]> pairs = pairs(new Random(6));
    List<String> expected = realVercmp(pairs);
    int disagreements = 0;
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < pairs.size(); i++) {
      String[] p = pairs.get(i);
      int ours = Vercmp.compare(p[0], p[1]);
      if (!String.valueOf(ours).equals(expected.get(i))) {
        disagreements++;
        report.append(String.format("vercmp '%s' '%s': pacman %s, kiln %d%n", p[0], p[1], expected.get(i), ours));
      }
    }
    assertEquals(0, disagreements, report.toString());
  }

  private static List<String[]> pairs(Random random) {
    List<String[]> pairs = new ArrayList<>();
    while (pairs.size() < PAIRS) {
      String a = version(random);
      // Half the pairs are near misses of each other, where the interesting rules decide.
      String b = random.nextBoolean() ? version(random) : mutate(a, random);
      pairs.add(new String[] {a, b});
    }
    return pairs;
  }

  private static String version(Random random) {
    StringBuilder s = new StringBuilder(pick(EPOCHS, random));
    int segments = 1 + random.nextInt(4);
    for (int i = 0; i < segments; i++) {
      if (i > 0) {
        s.append(random.nextInt(3) == 0 ? pick(SEPARATORS, random) : ".");
      }
      s.append(pick(SEGMENTS, random));
    }
    return s.append(pick(RELEASES, random)).toString();
  }

  /** A small edit: a segment, separator, epoch or release added, dropped or changed. */
  private static String mutate(String s, Random random) {
    int at = random.nextInt(s.length() + 1);
    return switch (random.nextInt(5)) {
      case 0 -> s.substring(0, at) + pick(SEGMENTS, random) + s.substring(at);
      case 1 -> s.substring(0, at) + pick(SEPARATORS, random) + s.substring(at);
      case 2 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s + "0";
      case 3 -> pick(EPOCHS, random) + s;
      default -> s + pick(RELEASES, random);
    };
  }

  private static String pick(String[] choices, Random random) {
    return choices[random.nextInt(choices.length)];
  }

  /** Runs every pair through vercmp in one shell; fields are split on ASCII unit separators so that empty strings survive. */
  private List<String> realVercmp(List<String[]> pairs) throws IOException, InterruptedException {
    Path input = dir.resolve("pairs");
    StringBuilder text = new StringBuilder();
    for (String[] p : pairs) {
      text.append(p[0]).append('\u001f').append(p[1]).append('\n');
    }
    Files.writeString(input, text, StandardCharsets.UTF_8);
    Process shell = new ProcessBuilder("bash", "-c",
        "while IFS=$'\\x1f' read -r a b; do vercmp \"$a\" \"$b\"; done < \"$1\"", "loop", input.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> results;
    try (var out = shell.inputReader(StandardCharsets.UTF_8)) {
      results = out.lines().toList();
    }
    assertEquals(0, shell.waitFor(), "the vercmp loop failed");
    assertEquals(pairs.size(), results.size(), "vercmp printed one line per pair");
    return results;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
