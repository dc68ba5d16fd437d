package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code kiln vercmp}, in this JVM. */
class VercmpCommandTest {
  @Test
  void vercmp_prints_minus_one_zero_or_one_like_pacman() {
    assertEquals("-1\n", Kiln.run("vercmp", "1.0rc1", "1.0").out());
    assertEquals("0\n", Kiln.run("vercmp", "1.0-1", "1.0").out());
    assertEquals("1\n", Kiln.run("vercmp", "1:0.1", "2.0").out());
  }

  @Test
  void vercmp_batch_prints_one_result_per_tab_separated_pair() {
    Kiln.Result result = withStdin("1.0\t1.1\n2.0\t2.0\n1.0.1\t1.0\n\t1\n", "vercmp", "--batch");
    assertEquals(0, result.exit(), result.toString());
    assertEquals("-1\n0\n1\n-1\n", result.out());
  }

  @Test
  void vercmp_batch_refuses_a_line_without_exactly_one_tab() {
    Kiln.Result result = withStdin("1.0\t1.1\n1.0 1.1\n", "vercmp", "--batch");
    assertEquals(Main.USAGE, result.exit(), result.toString());
    assertEquals("-1\n", result.out());
    assertTrue(result.err().contains("line 2: expected two versions separated by one tab"), result.toString());
  }

  @Test
  void vercmp_needs_two_versions_or_batch() {
    assertEquals(Main.USAGE, Kiln.run("vercmp", "1.0").exit());
    assertEquals(Main.USAGE, Kiln.run("vercmp", "--batch", "1.0", "2.0").exit());
  }

  private static Kiln.Result withStdin(String input, String... args) {
    InputStream old = System.in;
    try {
      System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
      return Kiln.run(args);
    } finally {
      System.setIn(old);
    }
  }
}
