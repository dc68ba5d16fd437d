package dev.kiln.model;

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
    if (!pkg.patches().isEmpty()) {
      script.append("\n# patches\n");
      List<Patch> patches = pkg.patches();
      for (int i = 0; i < patches.size(); i++) {
        appendStep(script, new Step.Sh("patch -p" + patches.get(i).strip() + " < " + patchPath(i, patches.get(i))));
      }
    }
    script.append("\n# build\n");
    pkg.buildSteps().forEach(step -> appendStep(script, step));
    if (!pkg.checkSteps().isEmpty()) {
      script.append("\n# check\n");
      pkg.checkSteps().forEach(step -> appendStep(script, step));
    }
    return script.toString();
  }

  /** The in-container path of the i-th patch. */
  public static String patchPath(int index, Patch patch) {
    return PATCH_DIR + "/" + index + "-" + patch.source().fileName();
  }

  private static void appendStep(StringBuilder script, Step step) {
    String text = step.render();
    script.append("echo ").append(ShellQuote.quote("==> " + firstLine(text))).append('\n');
    script.append(text).append('\n');
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " ...";
  }
}
