package dev.kiln.version;

import java.nio.charset.StandardCharsets;

/**
 * Compares version strings the way pacman's {@code vercmp} does, so that a repository built by kiln
 * orders its packages exactly as pacman-based tools would.
 *
 * <p>A full version is {@code [epoch:]version[-release]}. Epochs compare first (missing means 0), then
 * versions, then releases, but releases only when both sides have one: {@code 1.0} matches any
 * {@code 1.0-N}. Each part is compared segment by segment, where a segment is a run of ASCII digits or
 * a run of ASCII letters and everything else separates segments. Digits beat letters, numbers compare
 * by value (leading zeros do not count), letters compare bytewise, a longer separator run wins, and
 * when one side runs out, the other is newer unless what it has left starts with a letter
 * ({@code 1.0 > 1.0rc1} but {@code 1.0 < 1.0.1}). The rules work on UTF-8 bytes, as pacman's do in the
 * C locale: a non-ASCII character is a separator as long as its encoding.
 *
 * <p>This is a preorder, not a total order: {@code 1.0-1} and {@code 1.0-2} both equal {@code 1.0} yet
 * differ from each other. {@link Version#NEWEST_FIRST} is the total order to sort with.
 */
public final class Vercmp {
  private Vercmp() {}

  /** -1, 0 or 1 as {@code a} is older than, the same as or newer than {@code b}; any strings are accepted. */
  public static int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return Version.lenient(a).compareTo(Version.lenient(b));
  }

  /** Compares one part (an epoch, a version or a release) segment by segment. */
  static int compareParts(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return compareParts(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static int compareParts(byte[] a, byte[] b) {
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      int segA = skipSeparators(a, i);
      int segB = skipSeparators(b, j);
      if (segA == a.length || segB == b.length) {
        i = segA;
        j = segB;
        break;
      }
      if (segA - i != segB - j) {
        return segA - i < segB - j ? -1 : 1;
      }
      boolean numeric = isDigit(a[segA]);
      int endA = numeric ? skipDigits(a, segA) : skipLetters(a, segA);
      int endB = numeric ? skipDigits(b, segB) : skipLetters(b, segB);
      if (endB == segB) {
        // b has a segment of the other kind here: a number beats letters.
        return numeric ? 1 : -1;
      }
      int c = numeric ? compareNumbers(a, segA, endA, b, segB, endB) : compareBytes(a, segA, endA, b, segB, endB);
      if (c != 0) {
        return c;
      }
      i = endA;
      j = endB;
    }
    boolean aDone = i == a.length;
    boolean bDone = j == b.length;
    if (aDone && bDone) {
      return 0;
    }
    // One side has something left. Left-over letters are a pre-release (older than nothing); anything
    // else left over makes that side newer.
    if ((aDone && !isLetter(b[j])) || (!aDone && isLetter(a[i]))) {
      return -1;
    }
    return 1;
  }

  private static int compareNumbers(byte[] a, int from, int to, byte[] b, int fromB, int toB) {
    while (from < to && a[from] == '0') {
      from++;
    }
    while (fromB < toB && b[fromB] == '0') {
      fromB++;
    }
    int lengths = Integer.compare(to - from, toB - fromB);
    return lengths != 0 ? Integer.signum(lengths) : compareBytes(a, from, to, b, fromB, toB);
  }

  private static int compareBytes(byte[] a, int from, int to, byte[] b, int fromB, int toB) {
    return Integer.signum(java.util.Arrays.compareUnsigned(a, from, to, b, fromB, toB));
  }

  private static int skipSeparators(byte[] s, int i) {
    while (i < s.length && !isDigit(s[i]) && !isLetter(s[i])) {
      i++;
    }
    return i;
  }

  private static int skipDigits(byte[] s, int i) {
    while (i < s.length && isDigit(s[i])) {
      i++;
    }
    return i;
  }

  private static int skipLetters(byte[] s, int i) {
    while (i < s.length && isLetter(s[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
