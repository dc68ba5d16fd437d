package dev.kiln.cli;

import dev.kiln.build.BuildRun;
import dev.kiln.build.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Draws a run as SVG: one row per build slot, one bar per package on a time axis, the critical path
 * in a colour of its own. Written as a bare .svg, or wrapped in an HTML page for any other name.
 */
final class Timeline {
  private static final int ROW = 28;
  private static final int LEFT = 70;
  private static final int TOP = 30;
  private static final int WIDTH = 1200;

  private Timeline() {}

  static void write(RunReport report, Path file) throws IOException {
    String svg = svg(report);
    String text = file.getFileName().toString().endsWith(".svg") ? svg
        : "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>kiln run timeline</title></head>\n<body>\n"
            + "<p>kiln run: " + report.runs().size() + " builds in " + seconds(report.wall().toMillis()) + " s on "
            + report.slots() + " slots; the critical path is red.</p>\n" + svg + "</body></html>\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String svg(RunReport report) {
    long span = Math.max(1, report.wall().toMillis());
    double scale = (double) (WIDTH - LEFT - 10) / span;
    Set<String> critical = new HashSet<>();
    report.criticalPath().forEach(r -> critical.add(r.pkg().storeName()));
    int height = TOP + report.slots() * ROW + 10;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n"
            + "<style>.bar{fill:#8ab4e8}.critical{fill:#e0524a}.failed{fill:#444}.cancelled{fill:#bbb}</style>%n",
        WIDTH, height));
    axis(svg, span, scale, height);
    for (int slot = 0; slot < report.slots(); slot++) {
      svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">slot %d</text>%n", TOP + slot * ROW + 17, slot + 1));
    }
    for (BuildRun run : report.runs()) {
      bar(svg, run, scale, critical.contains(run.pkg().storeName()));
    }
    return svg.append("</svg>\n").toString();
  }

  private static void axis(StringBuilder svg, long span, double scale, int height) {
    long step = niceStep(span);
    for (long t = 0; t <= span; t += step) {
      double x = LEFT + t * scale;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
          + "<text x=\"%.1f\" y=\"%d\">%ss</text>%n", x, TOP - 12, x, height, x + 2, TOP - 14, seconds(t)));
    }
  }

  /** A tick spacing giving about ten ticks: 1, 2 or 5 times a power of ten, in milliseconds. */
  static long niceStep(long span) {
    for (long magnitude = 1; ; magnitude *= 10) {
      for (long m : new long[] {1, 2, 5}) {
        if (span / (m * magnitude) <= 10) {
          return m * magnitude;
        }
      }
    }
  }

  private static void bar(StringBuilder svg, BuildRun run, double scale, boolean critical) {
    double x = LEFT + run.start().toMillis() * scale;
    double w = Math.max(1, run.wall().toMillis() * scale);
    int y = TOP + run.slot() * ROW + 3;
    String kind = switch (run.outcome()) {
      case FAILED -> "bar failed";
      case CANCELLED -> "bar cancelled";
      default -> critical ? "bar critical" : "bar";
    };
    String name = escape(run.pkg().pkg().displayName());
    svg.append(String.format(Locale.ROOT, "<g><rect class=\"%s\" data-package=\"%s\" data-slot=\"%d\" data-critical=\"%b\""
        + " x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\"><title>%s: %s s (%s)</title></rect>",
        kind, escape(run.pkg().name()), run.slot() + 1, critical, x, y, w, ROW - 6, name, seconds(run.wall().toMillis()),
        run.outcome().name().toLowerCase(Locale.ROOT)));
    if (w > 40) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x + 3, y + 15, name));
    }
    svg.append("</g>\n");
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f", millis / 1000.0).replace(".0", "");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
