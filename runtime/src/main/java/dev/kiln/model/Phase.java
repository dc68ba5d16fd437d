package dev.kiln.model;

import java.util.List;

/**
 * A named part of a build (Guix's phases, Nix's {@code configurePhase}…): a build system fills the
 * standard ones in and a recipe edits them by name. The script shows each as a section, and a
 * failure names the phase it happened in.
 */
public record Phase(String name, List<Step> steps) {
  /** The standard phases, in the order they run; recipes may add their own between them. */
  public static final List<String> STANDARD =
      List.of("unpack", "patch", "configure", "build", "check", "install", "fixup");

  public Phase {
    Names.check("phase", name);
    steps = List.copyOf(steps);
  }
}
