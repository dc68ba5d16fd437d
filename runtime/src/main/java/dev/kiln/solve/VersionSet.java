package dev.kiln.solve;

import java.util.Arrays;

/**
 * A set of a slot's entries, as bits over the slot's list (bit 0 is the most preferred entry). The
 * solver only ever chooses among versions the index holds, so sets of them are exact and cheap,
 * where PubGrub over open version ranges would need interval arithmetic. Immutable; words past the
 * last are zero, and trailing zero words are trimmed so that equal sets are equal arrays.
 */
final class VersionSet {
  private static final long[] EMPTY = {};
  private static final VersionSet NONE = new VersionSet(EMPTY);

  private final long[] words;

  private VersionSet(long[] words) {
    this.words = words;
  }

  private static VersionSet trimmed(long[] words) {
    int n = words.length;
    while (n > 0 && words[n - 1] == 0) {
      n--;
    }
    return n == 0 ? NONE : new VersionSet(n == words.length ? words : Arrays.copyOf(words, n));
  }

  static VersionSet none() {
    return NONE;
  }

  static VersionSet all(int size) {
    long[] words = new long[(size + 63) >>> 6];
    for (int i = 0; i < size; i++) {
      words[i >>> 6] |= 1L << i;
    }
    return trimmed(words);
  }

  static VersionSet single(int index) {
    long[] words = new long[(index >>> 6) + 1];
    words[index >>> 6] = 1L << index;
    return new VersionSet(words);
  }

  /** Collects entries one at a time, in any order. */
  static final class Builder {
    private long[] words = EMPTY;

    void add(int index) {
      if (index >>> 6 >= words.length) {
        words = Arrays.copyOf(words, (index >>> 6) + 1);
      }
      words[index >>> 6] |= 1L << index;
    }

    VersionSet build() {
      return trimmed(words.clone());
    }
  }

  VersionSet and(VersionSet other) {
    long[] result = new long[Math.min(words.length, other.words.length)];
    for (int i = 0; i < result.length; i++) {
      result[i] = words[i] & other.words[i];
    }
    return trimmed(result);
  }

  VersionSet or(VersionSet other) {
    long[] result = Arrays.copyOf(words, Math.max(words.length, other.words.length));
    for (int i = 0; i < other.words.length; i++) {
      result[i] |= other.words[i];
    }
    return trimmed(result);
  }

  VersionSet minus(VersionSet other) {
    long[] result = words.clone();
    for (int i = 0; i < Math.min(result.length, other.words.length); i++) {
      result[i] &= ~other.words[i];
    }
    return trimmed(result);
  }

  boolean isEmpty() {
    return words.length == 0;
  }

  boolean intersects(VersionSet other) {
    for (int i = 0; i < Math.min(words.length, other.words.length); i++) {
      if ((words[i] & other.words[i]) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether every entry of this set is in {@code other}. */
  boolean within(VersionSet other) {
    for (int i = 0; i < words.length; i++) {
      long theirs = i < other.words.length ? other.words[i] : 0;
      if ((words[i] & ~theirs) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The most preferred entry, or -1 when empty. */
  int first() {
    return next(0);
  }

  /** The first entry at or after {@code from}, or -1. */
  int next(int from) {
    int i = from >>> 6;
    if (i >= words.length) {
      return -1;
    }
    long word = words[i] & (-1L << from);
    while (true) {
      if (word != 0) {
        return (i << 6) + Long.numberOfTrailingZeros(word);
      }
      if (++i == words.length) {
        return -1;
      }
      word = words[i];
    }
  }

  int size() {
    int n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  boolean contains(int index) {
    int i = index >>> 6;
    return i < words.length && (words[i] & (1L << index)) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionSet v && Arrays.equals(v.words, words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (int i = first(); i >= 0; i = next(i + 1)) {
      s.append(s.length() > 1 ? ", " : "").append(i);
    }
    return s.append('}').toString();
  }
}
