package dev.kiln.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where kiln looks for the host's programs: the system's own directories, not the caller's PATH, so that what a
 * build imports or unpacks with does not change with the shell kiln was started from.
 */
public final class HostPrograms {
  /** The directories, in the order they are searched. */
  public static final List<String> DIRECTORIES = List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin");

  private HostPrograms() {
  }

  /** The program {@code name} in the first directory that has it as an executable file; empty when none does. */
  public static Optional<Path> find(String name) {
    return find(Path.of("/"), name);
  }

  /** The same, on the host whose root directory is {@code root}. */
  public static Optional<Path> find(Path root, String name) {
    for (String dir : DIRECTORIES) {
      Path candidate = root.resolve(dir.substring(1)).resolve(name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
