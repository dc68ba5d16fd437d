package dev.kiln.repo;

import dev.kiln.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One member of a package's tree, as its metadata lists it: one line of the {@code Files} field.
 * <pre>
 *   d MODE PATH
 *   f MODE SIZE SHA256 PATH
 *   l TARGET PATH
 * </pre>
 * MODE is octal permission bits; PATH is relative to the entry ("." for the entry itself); PATH and
 * TARGET escape '%', spaces and control characters as %XX, so a line always splits on spaces.
 *
 * @param sha256 null unless a file
 * @param target empty unless a symlink
 */
public record FileRecord(Kind kind, String path, int mode, long size, Sha256 sha256, String target) {
  public enum Kind { DIRECTORY, FILE, SYMLINK }

  public static final String ROOT = ".";

  public FileRecord {
    Objects.requireNonNull(kind, "kind");
    checkPath(path);
    if (kind == Kind.FILE) {
      Objects.requireNonNull(sha256, "sha256 of " + path);
    }
    if ((kind == Kind.SYMLINK) == target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(path + ": a symlink needs a target and nothing else has one");
    }
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException(path + ": mode " + Integer.toOctalString(mode) + " is not permission bits");
    }
  }

  static FileRecord directory(String path, int mode) {
    return new FileRecord(Kind.DIRECTORY, path, mode, 0, null, "");
  }

  static FileRecord file(String path, int mode, long size, Sha256 sha256) {
    return new FileRecord(Kind.FILE, path, mode, size, sha256, "");
  }

  static FileRecord symlink(String path, String target) {
    return new FileRecord(Kind.SYMLINK, path, 0777, 0, null, target);
  }

  /** Only plain relative names: the unpacker resolves these under a fresh directory. */
  private static void checkPath(String path) {
    if (ROOT.equals(path)) {
      return;
    }
    if (path == null || path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("bad path \"" + path + "\" in a package");
    }
    for (String name : path.split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("bad path \"" + path + "\" in a package: empty, . or .. names");
      }
    }
  }

  public boolean isRoot() {
    return ROOT.equals(path);
  }

  /** The parent's path, "." for top-level names. */
  String parent() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? ROOT : path.substring(0, slash);
  }

  String line() {
    return switch (kind) {
      case DIRECTORY -> "d " + octal(mode) + " " + escape(path);
      case FILE -> "f " + octal(mode) + " " + size + " " + sha256.hex() + " " + escape(path);
      case SYMLINK -> "l " + escape(target) + " " + escape(path);
    };
  }

  static FileRecord parse(String line, String where) throws RepoFormatException {
    String[] words = line.split(" ", -1);
    try {
      switch (words[0]) {
        case "d":
          expect(words, 3, line, where);
          return directory(unescape(words[2]), Integer.parseInt(words[1], 8));
        case "f":
          expect(words, 5, line, where);
          return file(unescape(words[4]), Integer.parseInt(words[1], 8), Long.parseLong(words[2]), Sha256.of(words[3]));
        case "l":
          expect(words, 3, line, where);
          return symlink(unescape(words[2]), unescape(words[1]));
        default:
          throw new RepoFormatException(where, "unknown kind of file in \"" + line + "\"");
      }
    } catch (IllegalArgumentException e) {
      throw new RepoFormatException(where, "bad Files line \"" + line + "\": " + e.getMessage());
    }
  }

  private static void expect(String[] words, int n, String line, String where) throws RepoFormatException {
    if (words.length != n) {
      throw new RepoFormatException(where, "bad Files line \"" + line + "\"");
    }
  }

  private static String octal(int mode) {
    return String.format("%04o", mode);
  }

  /** Escapes byte-wise, so a multi-byte UTF-8 character passes through unchanged. */
  static String escape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= ' ' || c == '%' || c == 0x7f) {
        out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String unescape(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%') {
        if (i + 2 >= raw.length) {
          throw new IllegalArgumentException("a % escape is cut short in \"" + text + "\"");
        }
        bytes.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
