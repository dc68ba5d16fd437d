package dev.kiln.fetch;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Debian's source packages as a mirror: many carry the upstream release tarball byte for byte as
 * {@code *.orig.tar.*}. On a miss it runs {@code apt-get source --download-only} for each named
 * package (once; the files are kept under {@code dir}) and offers the file whose sha256 is the one
 * asked for. The fetcher verifies it again, so Debian's repacked tarballs are never mistaken for
 * upstream's.
 */
public final class AptSourceMirror implements Mirror {
  private static final Path DEB_SRC = Path.of("/etc/apt/sources.list.d/kiln-deb-src.sources");
  private final Path dir;
  private final List<String> packages;

  /** @param dir where downloaded source packages are kept, one subdirectory each */
  public AptSourceMirror(Path dir, List<String> packages) {
    this.dir = dir;
    this.packages = List.copyOf(packages);
  }

  @Override
  public String describe() {
    return "Debian source packages " + String.join(", ", packages) + " (apt-get source)";
  }

  @Override
  public Optional<Path> find(Sha256 sha256, String fileName) throws IOException {
    for (String pkg : packages) {
      Optional<Path> found = match(download(pkg), sha256, fileName);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> match(Path pkgDir, Sha256 sha256, String fileName) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(pkgDir)) {
      for (Path file : files) {
        if (Files.isRegularFile(file) && Sha256.ofFile(file).equals(sha256)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The package's downloaded files, fetching them on first use. Builds fetch in parallel, so one
   * download at a time per mirror; another kiln process may still finish the same one first.
   */
  private synchronized Path download(String pkg) throws IOException {
    Path done = dir.resolve(pkg);
    if (Files.isDirectory(done)) {
      return done;
    }
    Files.createDirectories(dir);
    Path work = Files.createTempDirectory(dir, pkg + ".part-");
    try {
      Result first = aptGetSource(pkg, work);
      if (!first.ok() && first.output().contains("deb-src") && isRoot()) {
        addDebSrcEntries();
        first = aptGetSource(pkg, work);
      }
      if (!first.ok() && !pkg.contains("=")) {
        first = olderVersions(pkg, work, first);
      }
      if (!first.ok()) {
        throw new IOException("apt-get source --download-only " + pkg + " failed:\n" + first.output().strip()
            + (first.output().contains("deb-src") ? "\n  fix: add deb-src lines to /etc/apt/sources.list(.d) and run apt-get update" : ""));
      }
      try {
        Files.move(work, done, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileSystemException raced) {
        if (!Files.isDirectory(done)) {
          throw raced;
        }
      }
      return done;
    } finally {
      dev.kiln.store.Trees.deleteRecursively(work);
    }
  }

  private record Result(boolean ok, String output) {}

  /**
   * apt asks for the candidate version only, and a security update's files may not be served where
   * the release's are (the orig tarball is usually the same in both): tries each other version
   * {@code apt-cache showsrc} lists, newest first, and keeps the first that downloads.
   */
  private static Result olderVersions(String pkg, Path work, Result failed) throws IOException {
    Result showsrc = run(work, "apt-cache", "showsrc", pkg);
    if (!showsrc.ok()) {
      return failed;
    }
    for (String version : versionsOf(pkg, showsrc.output())) {
      Result tried = run(work, "apt-get", "source", "--download-only", "-qq", pkg + "=" + version);
      if (tried.ok()) {
        return tried;
      }
    }
    return failed;
  }

  /** The versions of source package {@code pkg} in {@code apt-cache showsrc} output, newest first. */
  static List<String> versionsOf(String pkg, String showsrc) {
    List<String> versions = new java.util.ArrayList<>();
    for (String stanza : showsrc.split("\n\\s*\n")) {
      String name = field(stanza, "Package");
      String version = field(stanza, "Version");
      if (pkg.equals(name) && !version.isEmpty() && !versions.contains(version)) {
        versions.add(version);
      }
    }
    versions.sort((a, b) -> dev.kiln.version.Vercmp.compare(b, a));
    return versions;
  }

  private static String field(String stanza, String name) {
    for (String line : stanza.split("\n")) {
      if (line.startsWith(name + ": ")) {
        return line.substring(name.length() + 2).strip();
      }
    }
    return "";
  }

  private static Result aptGetSource(String pkg, Path work) throws IOException {
    return run(work, "apt-get", "source", "--download-only", "-qq", pkg);
  }

  private static Result run(Path cwd, String... command) throws IOException {
    Process process = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      return new Result(process.waitFor() == 0, output);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Mirrors each deb822 "Types: deb" stanza of the Debian archive as a "Types: deb-src" one. */
  private static void addDebSrcEntries() throws IOException {
    Path debian = Path.of("/etc/apt/sources.list.d/debian.sources");
    String text;
    if (Files.isRegularFile(debian)) {
      StringBuilder src = new StringBuilder("# Added by kiln: Debian source packages serve as a source mirror.\n");
      for (String stanza : Files.readString(debian).split("\n\\s*\n")) {
        if (stanza.contains("Types: deb") && !stanza.contains("deb-src")) {
          src.append(stanza.replaceFirst("Types: deb\\b", "Types: deb-src").strip()).append("\n\n");
        }
      }
      text = src.toString();
    } else {
      text = "Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n"
          + "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
    }
    Files.writeString(DEB_SRC, text, StandardCharsets.UTF_8);
    Result update = run(Path.of("/"), "apt-get", "update", "-qq");
    if (!update.ok()) {
      throw new IOException("apt-get update failed after adding " + DEB_SRC + ":\n" + update.output().strip());
    }
  }
}
