package dev.kiln.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store bootstrap.rb is built into, shared by the tests that build on it: {@code
 * -Dkiln.bootstrap.home=DIR} when given (CI reuses it for the README's command), else one temporary
 * home per test JVM, so the bootstrap is built once.
 */
final class BootstrapHome {
  private static Path home;

  private BootstrapHome() {}

  static synchronized Path get() throws IOException {
    if (home == null) {
      String given = System.getProperty("kiln.bootstrap.home");
      home = given != null && !given.isEmpty() ? Path.of(given) : Files.createTempDirectory("kiln-bootstrap");
    }
    return home;
  }
}
