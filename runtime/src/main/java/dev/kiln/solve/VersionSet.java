package dev.kiln.solve;

import java.util.BitSet;

/**
 * A set of a slot's entries, as bits over the slot's list (bit 0 is the most preferred entry). The
 * solver only ever chooses among versions the index holds, so sets of them are exact and cheap,
 * where PubGrub over open version ranges would need interval arithmetic. Immutable.
 */
final class VersionSet {
  private static final VersionSet NONE = new VersionSet(new BitSet());

  private final BitSet bits;

  private VersionSet(BitSet bits) {
    this.bits = bits;
  }

  static VersionSet none() {
    return NONE;
  }

  static VersionSet of(BitSet bits) {
    return new VersionSet((BitSet) bits.clone());
  }

  static VersionSet all(int size) {
    BitSet bits = new BitSet(size);
    bits.set(0, size);
    return new VersionSet(bits);
  }

  static VersionSet single(int index) {
    BitSet bits = new BitSet(index + 1);
    bits.set(index);
    return new VersionSet(bits);
  }

  VersionSet and(VersionSet other) {
    BitSet result = (BitSet) bits.clone();
    result.and(other.bits);
    return new VersionSet(result);
  }

  VersionSet or(VersionSet other) {
    BitSet result = (BitSet) bits.clone();
    result.or(other.bits);
    return new VersionSet(result);
  }

  VersionSet minus(VersionSet other) {
    BitSet result = (BitSet) bits.clone();
    result.andNot(other.bits);
    return new VersionSet(result);
  }

  boolean isEmpty() {
    return bits.isEmpty();
  }

  boolean intersects(VersionSet other) {
    return bits.intersects(other.bits);
  }

  /** Whether every entry of this set is in {@code other}. */
  boolean within(VersionSet other) {
    BitSet rest = (BitSet) bits.clone();
    rest.andNot(other.bits);
    return rest.isEmpty();
  }

  /** The most preferred entry, or -1 when empty. */
  int first() {
    return bits.nextSetBit(0);
  }

  int next(int from) {
    return bits.nextSetBit(from);
  }

  int size() {
    return bits.cardinality();
  }

  boolean contains(int index) {
    return bits.get(index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionSet v && v.bits.equals(bits);
  }

  @Override
  public int hashCode() {
    return bits.hashCode();
  }

  @Override
  public String toString() {
    return bits.toString();
  }
}
