package dev.kiln.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a package's steps to one POSIX shell script. The text is part of the package hash, so it
 * holds no host path: the sources are the working directory, patches live under {@link #PATCH_DIR},
 * and the output is {@code $out}, a variable the sandbox sets to the package's fixed store path.
 */
public final class Script {
  /** Where the sandbox mounts a build's patches, read-only. */
  public static final String PATCH_DIR = "/kiln/patches";

  private Script() {}

  static String render(Package pkg) {
    StringBuilder script = new StringBuilder();
    script.append("#!/bin/sh\n")
        .append("# ").append(pkg.displayName()).append(" (stage ").append(pkg.stage()).append(") - rendered by kiln\n")
        .append("# $out is this package's store path; $JOBS is the number of parallel jobs\n")
        .append("set -eu\n");
    boolean patchPhase = pkg.phases().stream().anyMatch(p -> p.name().equals("patch"));
    if (!patchPhase) {
      // Steps written by hand have no patch phase: the patches are applied before anything runs.
      appendPhase(script, "patch", patchSteps(pkg));
    }
    for (Phase phase : pkg.phases()) {
      List<Step> steps = new ArrayList<>();
      if (phase.name().equals("patch")) {
        steps.addAll(patchSteps(pkg));
      }
      steps.addAll(phase.steps());
      appendPhase(script, phase.name(), steps);
    }
    return script.toString();
  }

  private static List<Step> patchSteps(Package pkg) {
    List<Step> steps = new ArrayList<>();
    List<Patch> patches = pkg.patches();
    for (int i = 0; i < patches.size(); i++) {
      steps.add(new Step.Sh("patch -p" + patches.get(i).strip() + " < " + patchPath(i, patches.get(i))));
    }
    return steps;
  }

  /** A phase as a section; each step announces itself with its phase, so a failure names both. */
  private static void appendPhase(StringBuilder script, String phase, List<Step> steps) {
    if (steps.isEmpty()) {
      return;
    }
    script.append("\n# phase ").append(phase).append('\n');
    for (Step step : steps) {
      String text = step.render();
      script.append("echo ").append(ShellQuote.quote("==> " + phase + ": " + firstLine(text))).append('\n');
      script.append(text).append('\n');
    }
  }

  /** The in-container path of the i-th patch. */
  public static String patchPath(int index, Patch patch) {
    return PATCH_DIR + "/" + index + "-" + patch.source().fileName();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " ...";
  }
}
