package dev.kiln.model;

import java.util.Optional;

/**
 * A scope of packages. {@code from} names the stage whose outputs form this stage's toolchain;
 * {@code importsHost} says whether builds see the host's /usr, /bin and /lib (only stage 0 should).
 */
public record Stage(String name, Optional<String> from, boolean importsHost) {
  /** Until recipes declare stages, every package lives here and builds with the host's tools. */
  public static final Stage DEFAULT = new Stage("default", Optional.empty(), true);

  public Stage {
    Names.check("stage", name);
    from = from == null ? Optional.empty() : from;
  }
}
