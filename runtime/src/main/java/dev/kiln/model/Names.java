package dev.kiln.model;

import java.util.regex.Pattern;

/** The shape of package, stage and version names: they end up in store paths and shell scripts. */
final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  private Names() {}

  static String check(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " name \"" + value + "\" must start with a letter or digit and hold only letters, digits, . _ + -");
    }
    return value;
  }
}
