package dev.kiln.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A SHA-256 digest, always 64 lower-case hex digits. Made only by the static factories, which check that. */
public final class Sha256 implements Comparable<Sha256> {
  private static final int BUFFER = 1 << 20;
  private static final long READ_AHEAD_FROM = 16 << 20;
  private final String hex;

  private Sha256(String hex) {
    this.hex = hex;
  }

  /** Parses a digest as written in a recipe; upper-case hex is accepted and lower-cased. */
  public static Sha256 of(String hex) {
    Objects.requireNonNull(hex, "sha256");
    String lower = hex.trim().toLowerCase(java.util.Locale.ROOT);
    if (lower.length() != 64 || !lower.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException("not a sha256 (want 64 hex digits): \"" + hex + "\"");
    }
    return new Sha256(lower);
  }

  public static Sha256 ofBytes(byte[] bytes) {
    MessageDigest digest = newDigest();
    return new Sha256(HexFormat.of().formatHex(digest.digest(bytes)));
  }

  public static Sha256 ofString(String text) {
    return ofBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Hashes a file through direct buffers: the JDK's SHA intrinsic then runs at openssl's speed. A big file is
   * read on a second thread while the first hashes, so copying it out of the page cache costs no time.
   */
  public static Sha256 ofFile(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() >= READ_AHEAD_FROM) {
        ReadAhead.digest(channel, digest);
      } else {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        while (channel.read(buffer) >= 0) {
          buffer.flip();
          digest.update(buffer);
          buffer.clear();
        }
      }
    }
    return new Sha256(HexFormat.of().formatHex(digest.digest()));
  }

  /** Wraps a finished digest. */
  public static Sha256 fromDigest(MessageDigest digest) {
    return new Sha256(HexFormat.of().formatHex(digest.digest()));
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  public String hex() {
    return hex;
  }

  /** The first {@code n} hex digits, for store names and summaries. */
  public String prefix(int n) {
    return hex.substring(0, n);
  }

  @Override
  public int compareTo(Sha256 other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sha256 other && hex.equals(other.hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  @Override
  public String toString() {
    return hex;
  }
}
