package dev.kiln.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as recipes and the command line write them: {@code 90} (seconds), {@code "90s"}, {@code "10m"}, {@code "1h30m"}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([smhd]?)");

  private Durations() {}

  /** Parses a duration: numbers each followed by s, m, h or d; a lone number is seconds. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher m = PART.matcher(t);
    BigDecimal seconds = BigDecimal.ZERO;
    int at = 0;
    while (at < t.length() && m.region(at, t.length()).lookingAt()) {
      if (m.group(2).isEmpty() && !(at == 0 && m.end() == t.length())) {
        break; // a number without a unit is allowed only alone
      }
      seconds = seconds.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitSeconds(m.group(2)))));
      at = m.end();
    }
    if (t.isEmpty() || at != t.length()) {
      throw new IllegalArgumentException("duration " + text + " is not like 90, \"90s\", \"10m\", \"2h\" or \"1h30m\"");
    }
    return Duration.ofMillis(seconds.movePointRight(3).longValue());
  }

  private static long unitSeconds(String unit) {
    return switch (unit) {
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 1;
    };
  }

  /** A duration as kiln prints it: {@code 5 s}, {@code 10 min}, {@code 1 h 30 min}, {@code 1.5 s}. */
  public static String describe(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0 || s < 60) {
      return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }
    StringBuilder out = new StringBuilder();
    append(out, s / 3600, "h");
    append(out, s / 60 % 60, "min");
    append(out, s % 60, "s");
    return out.toString();
  }

  private static void append(StringBuilder out, long n, String unit) {
    if (n > 0) {
      out.append(out.length() == 0 ? "" : " ").append(n).append(' ').append(unit);
    }
  }
}
