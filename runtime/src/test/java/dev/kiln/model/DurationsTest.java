package dev.kiln.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void a_number_is_seconds_and_units_are_s_m_h_d() {
    assertEquals(Duration.ofSeconds(90), Durations.parse("90"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
    assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h"));
    assertEquals(Duration.ofDays(1), Durations.parse("1d"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5"));
    assertEquals(Duration.ofMinutes(90), Durations.parse(" 1.5H "));
    assertEquals(Duration.ZERO, Durations.parse("0"));
  }

  @Test
  void anything_else_is_refused_with_examples() {
    for (String bad : new String[] {"", "ten", "10x", "-5", "1h30", "m", "5 minutes"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
      assertTrue(e.getMessage().contains("\"10m\""), e.getMessage());
    }
  }

  @Test
  void durations_print_in_the_largest_units_that_fit() {
    assertEquals("5 s", Durations.describe(Duration.ofSeconds(5)));
    assertEquals("5.2 s", Durations.describe(Duration.ofMillis(5200)));
    assertEquals("10 min", Durations.describe(Duration.ofMinutes(10)));
    assertEquals("1 h 30 min", Durations.describe(Duration.ofMinutes(90)));
    assertEquals("2 h 5 s", Durations.describe(Duration.ofSeconds(7205)));
  }

  @Test
  void a_packages_limits_win_and_what_it_leaves_unsaid_comes_from_the_defaults() {
    BuildLimits own = new BuildLimits(Optional.of(Duration.ZERO), Optional.empty(), new Limits(64L << 20, 0));
    BuildLimits defaults = new BuildLimits(Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofMinutes(5)),
        new Limits(1L << 30, 100));
    BuildLimits merged = own.orElse(defaults);
    assertEquals(Duration.ZERO, merged.wallTime(), "timeout 0 says: no timeout, whatever the default");
    assertEquals(Duration.ofMinutes(5), merged.silence());
    assertEquals(new Limits(64L << 20, 100), merged.resources());
    assertEquals(BuildLimits.NONE, BuildLimits.NONE.orElse(BuildLimits.NONE));
  }
}
