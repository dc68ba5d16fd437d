package dev.kiln.version;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;

/**
 * A package version, {@code [epoch:]version[-release]}, ordered as pacman orders them (see {@link Vercmp}).
 *
 * <p>Equality is textual: {@code 1.0} and {@code 1_0} compare as 0 but are not {@code equals}, the way
 * {@code BigDecimal} treats {@code 1.0} and {@code 1.00}.
 */
public final class Version implements Comparable<Version> {
  /** A total order, newest first, for sorting: a missing release sorts below any release, then text breaks ties. */
  public static final Comparator<Version> NEWEST_FIRST = Comparator.<Version>naturalOrder()
      .thenComparing(v -> v.release != null)
      .thenComparing(v -> v.release == null ? "" : v.release, Vercmp::compareParts)
      .thenComparing(Version::toString)
      .reversed();

  private final String text;
  private final String epoch;
  private final String upstream;
  private final String release;
  private final byte[] epochBytes;
  private final byte[] upstreamBytes;
  private final byte[] releaseBytes;

  private Version(String text) {
    this.text = text;
    int digits = 0;
    while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
      digits++;
    }
    boolean hasEpoch = digits < text.length() && text.charAt(digits) == ':';
    String rest = hasEpoch ? text.substring(digits + 1) : text;
    this.epoch = hasEpoch && digits > 0 ? text.substring(0, digits) : "0";
    int dash = rest.lastIndexOf('-');
    this.upstream = dash < 0 ? rest : rest.substring(0, dash);
    this.release = dash < 0 ? null : rest.substring(dash + 1);
    this.epochBytes = epoch.getBytes(StandardCharsets.UTF_8);
    this.upstreamBytes = upstream.getBytes(StandardCharsets.UTF_8);
    this.releaseBytes = release == null ? null : release.getBytes(StandardCharsets.UTF_8);
  }

  /** A package version: not empty, no white space, no commas and no comparison signs (those delimit constraints). */
  public static Version parse(String text) {
    return new Version(check(text));
  }

  /** Throws as {@link #parse} would, building nothing; returns {@code text}. */
  public static String check(String text) {
    boolean ok = !text.isEmpty();
    for (int i = 0; ok && i < text.length(); i++) {
      ok = isVersionChar(text.charAt(i));
    }
    if (!ok) {
      throw new IllegalArgumentException("version \"" + text
          + "\" must be non-empty and hold no white space, commas, control characters or < > =");
    }
    return text;
  }

  /** Any string at all, as pacman's vercmp takes it. */
  static Version lenient(String text) {
    return new Version(text);
  }

  /** Whether {@code c} may appear in a version; anything else ends a version inside a constraint. */
  public static boolean isVersionChar(char c) {
    return c > ' ' && c != 127 && c != ',' && c != '<' && c != '>' && c != '=';
  }

  /** The epoch; "0" when none was written. */
  public String epoch() {
    return epoch;
  }

  /** The part between the epoch and the release. */
  public String upstream() {
    return upstream;
  }

  /** The part after the last hyphen, if there is one. */
  public Optional<String> release() {
    return Optional.ofNullable(release);
  }

  @Override
  public int compareTo(Version other) {
    int c = Vercmp.compareParts(epochBytes, other.epochBytes);
    if (c == 0) {
      c = Vercmp.compareParts(upstreamBytes, other.upstreamBytes);
    }
    if (c == 0 && releaseBytes != null && other.releaseBytes != null) {
      c = Vercmp.compareParts(releaseBytes, other.releaseBytes);
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && v.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
