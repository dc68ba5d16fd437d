package dev.kiln.cli;

import dev.kiln.version.Vercmp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pacman's {@code vercmp}: prints -1, 0 or 1 as the first version is older, the same or newer. */
@Command(name = "vercmp", description = {
    "Compares two versions as pacman's vercmp does and prints -1, 0 or 1.",
    "With --batch, reads lines of two tab-separated versions from standard input and prints one result per line."})
final class VercmpCommand implements Callable<Integer> {
  @Option(names = "--batch", description = "Read tab-separated pairs from standard input.")
  boolean batch;

  @Parameters(paramLabel = "VERSION", arity = "0..2", description = "The two versions to compare.")
  List<String> versions = List.of();

  @Override
  public Integer call() throws IOException {
    if (batch == !versions.isEmpty() || (!batch && versions.size() != 2)) {
      System.err.println("kiln vercmp: give two versions, or --batch and pairs on standard input");
      return Main.USAGE;
    }
    if (!batch) {
      System.out.println(Vercmp.compare(versions.get(0), versions.get(1)));
      return Main.OK;
    }
    return batch();
  }

  private static int batch() throws IOException {
    // Not closed: closing would close the process's standard streams.
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      int tab = line.indexOf('\t');
      if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
        out.flush();
        System.err.println("kiln vercmp: line " + lineNumber + ": expected two versions separated by one tab");
        return Main.USAGE;
      }
      out.println(Vercmp.compare(line.substring(0, tab), line.substring(tab + 1)));
    }
    out.flush();
    return Main.OK;
  }
}
