package dev.kiln.solve;

/** The shape of package and virtual package names, as pacman allows them. */
final class PackageNames {
  private PackageNames() {}

  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '@' || c == '.' || c == '_' || c == '+' || c == '-';
  }

  static String check(String name) {
    boolean ok = !name.isEmpty() && name.charAt(0) != '-' && name.charAt(0) != '.';
    for (int i = 0; ok && i < name.length(); i++) {
      ok = isNameChar(name.charAt(i));
    }
    if (!ok) {
      throw new IllegalArgumentException("package name \"" + name
          + "\" must hold only letters, digits, @ . _ + - and not start with - or .");
    }
    return name;
  }
}
