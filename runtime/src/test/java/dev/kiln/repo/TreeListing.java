package dev.kiln.repo;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A tree described as path → kind, mode, and content hash or link target: equal listings, equal trees. */
final class TreeListing {
  private TreeListing() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> listing = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          listing.put(rel, "l " + Files.readSymbolicLink(p));
        } else {
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
          listing.put(rel, Files.isDirectory(p) ? "d " + mode : "f " + mode + " " + Sha256.ofFile(p).hex());
        }
      }
    }
    return listing;
  }

  /** A small package tree: nested directories, an executable, a read-only file, relative and absolute symlinks. */
  static Path sample(Path root) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("share/doc/a b"));
    Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\necho hello\n");
    Files.setPosixFilePermissions(root.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve("share/doc/a b/READ ME%.txt"), "docs\n");
    Files.write(root.resolve("share/empty"), new byte[0]);
    Files.createSymbolicLink(root.resolve("bin/t"), Path.of("tool"));
    Files.createSymbolicLink(root.resolve("bin/abs"), Path.of("/kiln/store/other-1-0000/bin/x"));
    return root;
  }
}
