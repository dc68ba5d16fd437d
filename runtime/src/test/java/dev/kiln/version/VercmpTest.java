package dev.kiln.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Hand-picked cases, each checked once against pacman 6.0.2's vercmp when written down. */
class VercmpTest {
  @ParameterizedTest(name = "vercmp {0} {1} = {2}")
  @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
      1.0        | 1.0        | 0
      1.0        | 1.1        | -1
      1.2        | 1.10       | -1
      001        | 1          | 0
      1.01       | 1.1        | 0
      1.0        | 1.0.0      | -1
      1.0        | 1_0        | 0
      1+2        | 1.2        | 0
      1.0        | 1..0       | -1
      1.0.       | 1.0..      | 0
      1.0        | 1.0.       | -1
      1_         | 1          | 1
      1.a        | 1          | 1
      1..a       | 1.a        | 1
      1.0a       | 1.0        | -1
      1.0rc1     | 1.0        | -1
      1.0alpha   | 1.0b       | -1
      1.0pre     | 1.0rc      | -1
      1.0        | 1.0.a      | -1
      1.0.a      | 1.0.1      | -1
      1a         | 1.a        | -1
      a          | b          | -1
      aa         | b          | -1
      a          | 1          | -1
      1~1        | 1          | 1
      1.0-1      | 1.0        | 0
      1.0-1      | 1.0-2      | -1
      1.0-1-2    | 1.0-1-3    | -1
      1.0-.1     | 1.0-1      | 1
      1:1        | 2          | 1
      1:1        | 1:1-1      | 0
      0:1        | 1          | 0
      :1         | 0:1        | 0
      01:1       | 1:1        | 0
      1:         | 1          | 1
      a:1        | 1          | -1
      ''         | ''         | 0
      ''         | 1          | -1
      ''         | a          | 1
      ''         | .          | -1
      1é         | 1.x        | 1
      """)
  void agrees_with_pacman_on_hand_picked_cases(String a, String b, int expected) {
    a = a.equals("''") ? "" : a;
    b = b.equals("''") ? "" : b;
    assertEquals(expected, Vercmp.compare(a, b), a + " vs " + b);
    assertEquals(-expected, Vercmp.compare(b, a), b + " vs " + a);
  }

  @Test
  void version_splits_epoch_upstream_and_release_at_the_last_hyphen() {
    Version v = Version.parse("2:1.0-rc1-3");
    assertEquals("2", v.epoch());
    assertEquals("1.0-rc1", v.upstream());
    assertEquals("3", v.release().orElseThrow());
    assertEquals("0", Version.parse("1.0").epoch());
    assertTrue(Version.parse("1.0").release().isEmpty());
  }

  @Test
  void version_rejects_empty_text_and_characters_that_delimit_constraints() {
    for (String bad : List.of("", "1 .0", "1,0", ">1", "1=0", "1\t0")) {
      assertThrows(IllegalArgumentException.class, () -> Version.parse(bad), bad);
    }
  }

  @Test
  void newest_first_is_a_total_order_that_puts_newer_versions_first() {
    List<Version> versions = new ArrayList<>();
    for (String s : List.of("1.0", "1.0-2", "1:0.1", "1.0rc1-1", "1.0-1", "1.1-1", "1_0")) {
      versions.add(Version.parse(s));
    }
    versions.sort(Version.NEWEST_FIRST);
    assertEquals("[1:0.1, 1.1-1, 1.0-2, 1.0-1, 1_0, 1.0, 1.0rc1-1]", versions.toString());
  }
}
