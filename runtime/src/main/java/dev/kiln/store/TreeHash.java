package dev.kiln.store;

import dev.kiln.hash.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The SHA-256 of a tree as kiln commits it: a walk in name order over every path (relative to the
 * root), its type, for a file whether its owner may execute it, its size and its bytes, and for a
 * symlink its target. Times, owners and other mode bits are not part of it (commit sets them all
 * alike), so the hash says whether anything an entry's users can see has changed. Each record is
 * framed (a type letter, the path ended by a NUL, a size before a file's bytes), so no two trees
 * share a sequence of records.
 */
public final class TreeHash {
  private static final int BUFFER = 1 << 20;

  private TreeHash() {}

  /** The hash of the tree at {@code root}, a directory. */
  public static Sha256 of(Path root) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    walk(root, "", digest, buffer);
    return Sha256.fromDigest(digest);
  }

  private static void walk(Path dir, String prefix, MessageDigest digest, ByteBuffer buffer) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
      list.forEach(children::add);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path child : children) {
      String path = prefix + child.getFileName();
      PosixFileAttributes attrs = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attrs.isSymbolicLink()) {
        record(digest, 'l', path);
        digest.update(Files.readSymbolicLink(child).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      } else if (attrs.isDirectory()) {
        record(digest, 'd', path);
        walk(child, path + "/", digest, buffer);
        record(digest, 'e', path); // the directory ends: a file after it is not inside it
      } else if (attrs.isRegularFile()) {
        record(digest, attrs.permissions().contains(PosixFilePermission.OWNER_EXECUTE) ? 'x' : 'f', path);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, attrs.size()));
        file(child, digest, buffer);
      } else {
        record(digest, 'o', path); // a fifo, socket or device: the verifier reports it
      }
    }
  }

  private static void record(MessageDigest digest, char type, String path) {
    digest.update((byte) type);
    digest.update(path.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static void file(Path file, MessageDigest digest, ByteBuffer buffer) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      buffer.clear();
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
    }
  }
}
