package dev.kiln.dsl;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One thing a recipe evaluation looked at besides Ruby code (see {@code Kiln::Inputs} in dsl.rb):
 * a file read, a file asked about, a directory listed, an environment variable. {@link #state()}
 * says what it is now, so a kept evaluation can be checked against the world as it is.
 */
record RecordedInput(Kind kind, String key) {
  enum Kind {
    FILE, STAT, DIR, ENV, OPAQUE;

    static Kind named(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** What the input is now: a content hash, a file type, a listing's hash or a value. */
  String state() throws IOException {
    return switch (kind) {
      case FILE -> Files.isRegularFile(path()) ? Sha256.ofFile(path()).hex() : type(path());
      case STAT -> type(path());
      case DIR -> Files.isDirectory(path()) ? listing(path()) : type(path());
      case ENV -> {
        String value = System.getenv(key);
        yield value == null ? "unset" : "=" + value;
      }
      case OPAQUE -> throw new IllegalStateException("an opaque input has no state: " + key);
    };
  }

  /**
   * A file's size, times and inode — enough to tell it unchanged without reading it, as git's
   * index does; only a file whose stat changed is hashed again. Empty for other kinds.
   */
  String stat() throws IOException {
    if (kind != Kind.FILE || !Files.isRegularFile(path())) {
      return "";
    }
    Map<String, Object> a = Files.readAttributes(path(), "unix:size,lastModifiedTime,ctime,ino");
    return a.get("size") + " " + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS) + " "
        + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS) + " " + a.get("ino");
  }

  /**
   * Whether the input changed at or after {@code sinceMillis}, by its modification time: such a
   * file may have changed while the recipe was read, so what was read is not known for sure
   * (git's "racily clean" index entries).
   */
  boolean touchedSince(long sinceMillis) throws IOException {
    if (kind == Kind.ENV || kind == Kind.OPAQUE || !Files.exists(path(), LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    BasicFileAttributes attributes = Files.readAttributes(path(), BasicFileAttributes.class);
    return attributes.lastModifiedTime().toMillis() >= sinceMillis;
  }

  private Path path() {
    return Path.of(key);
  }

  private static String type(Path path) {
    if (Files.isRegularFile(path)) {
      return "file";
    }
    return Files.isDirectory(path) ? "dir" : Files.exists(path) ? "other" : "missing";
  }

  private static String listing(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      List<String> names = children.map(p -> p.getFileName().toString()).sorted().toList();
      return "dir " + Sha256.ofString(String.join("\n", names)).hex();
    }
  }
}
