package dev.kiln.host;

/**
 * One thing a host import copies: a file, a directory, or a symbolic link (whose target is always
 * relative, so that it resolves inside the imported package too).
 *
 * @param path the absolute host path, with no symbolic link among its parent directories
 */
public record HostEntry(String path, Kind kind, String linkTarget) {
  public enum Kind { FILE, DIRECTORY, SYMLINK }

  static HostEntry file(String path) {
    return new HostEntry(path, Kind.FILE, null);
  }

  static HostEntry directory(String path) {
    return new HostEntry(path, Kind.DIRECTORY, null);
  }

  static HostEntry symlink(String path, String target) {
    return new HostEntry(path, Kind.SYMLINK, target);
  }
}
