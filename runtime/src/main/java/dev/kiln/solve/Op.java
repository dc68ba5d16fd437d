package dev.kiln.solve;

/** A comparison in a constraint, written as in pacman and opkg: {@code = >= <= > <}. */
public enum Op {
  EQ("="), GE(">="), LE("<="), GT(">"), LT("<");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  /** Whether a version that compared to the bound as {@code comparison} (-1, 0, 1) passes. */
  boolean accepts(int comparison) {
    return switch (this) {
      case EQ -> comparison == 0;
      case GE -> comparison >= 0;
      case LE -> comparison <= 0;
      case GT -> comparison > 0;
      case LT -> comparison < 0;
    };
  }

  public String symbol() {
    return symbol;
  }
}
