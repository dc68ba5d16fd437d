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
    phases(pkg).values().forEach(script::append);
    return script.toString();
  }

  /** Each phase that has steps, rendered as its section of the script, in the order they run. */
  public static java.util.Map<String, String> phasesOf(Package pkg) {
    return java.util.Collections.unmodifiableMap(phases(pkg));
  }

  private static java.util.LinkedHashMap<String, String> phases(Package pkg) {
    java.util.LinkedHashMap<String, String> sections = new java.util.LinkedHashMap<>();
    boolean patchPhase = pkg.phases().stream().anyMatch(p -> p.name().equals("patch"));
    if (!patchPhase) {
      // Steps written by hand have no patch phase: the patches are applied before anything runs.
      section(sections, "patch", patchSteps(pkg));
    }
    for (Phase phase : pkg.phases()) {
      List<Step> steps = new ArrayList<>();
      if (phase.name().equals("patch")) {
        steps.addAll(patchSteps(pkg));
      }
      steps.addAll(phase.steps());
      section(sections, phase.name(), steps);
    }
    return sections;
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
  private static void section(java.util.Map<String, String> sections, String phase, List<Step> steps) {
    if (steps.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder("\n# phase ").append(phase).append('\n');
    for (Step step : steps) {
      String rendered = step.render();
      text.append("echo ").append(ShellQuote.quote("==> " + phase + ": " + firstLine(rendered))).append('\n');
      text.append(rendered).append('\n');
    }
    sections.put(phase, text.toString());
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
