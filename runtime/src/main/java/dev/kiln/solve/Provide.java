package dev.kiln.solve;

import dev.kiln.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A name a package also answers to, maybe at a version: {@code sh} or {@code libz.so=1-64}. */
public record Provide(String name, Optional<Version> version) {
  public Provide {
    PackageNames.check(name);
    Objects.requireNonNull(version, "version");
  }

  /** {@code name} or {@code name=version}. */
  public static Provide parse(String text) {
    String trimmed = text.strip();
    int eq = trimmed.indexOf('=');
    if (eq < 0) {
      return new Provide(trimmed, Optional.empty());
    }
    return new Provide(trimmed.substring(0, eq).strip(), Optional.of(Version.parse(trimmed.substring(eq + 1).strip())));
  }

  /** Comma-separated provides; blank text is an empty list. */
  public static List<Provide> parseList(String text) {
    List<Provide> provides = new ArrayList<>();
    if (!text.isBlank()) {
      for (String part : text.split(",")) {
        provides.add(parse(part));
      }
    }
    return provides;
  }

  @Override
  public String toString() {
    return version.map(v -> name + "=" + v).orElse(name);
  }
}
