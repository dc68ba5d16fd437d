package dev.kiln.repo;

import com.github.luben.zstd.ZstdInputStream;
import dev.kiln.hash.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a package archive made by {@link ArchiveWriter} into an empty directory, holding it to its own
 * manifest: every member must be the next one {@code .kiln/meta} lists, with the same kind, mode, size,
 * link target and sha256, and nothing may be missing or extra. Every member's parent must be a directory
 * this unpack created, so nothing is ever written through a symlink or outside the target; symlinks are
 * stored as they are (a store entry may point at {@code /kiln/store/...}) and never followed.
 */
public final class ArchiveReader {
  /** Metadata holds one line per file; this is far beyond any real package and stops a hostile length. */
  private static final long MAX_META = 64L << 20;
  private static final int BUFFER = 256 * 1024;

  private final String archiveName;
  private final Path target;
  private final Set<String> directories = new HashSet<>();

  private ArchiveReader(String archiveName, Path target) {
    this.archiveName = archiveName;
    this.target = target;
  }

  /**
   * Unpacks {@code archive} into the existing empty directory {@code target} and returns its metadata.
   *
   * @param archiveName names the archive in errors
   * @throws RepoFormatException when the archive is not a well-formed package or differs from its manifest;
   *     what was unpacked before is left for the caller to delete
   */
  public static PackageMeta unpack(Path archive, String archiveName, Path target) throws IOException {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        TarArchiveInputStream tar = new TarArchiveInputStream(
            new BufferedInputStream(new ZstdInputStream(file), BUFFER), StandardCharsets.UTF_8.name())) {
      return new ArchiveReader(archiveName, target).read(tar);
    } catch (RepoFormatException e) {
      throw e;
    } catch (IOException e) {
      // zstd and tar errors say nothing of which file they were reading.
      throw new RepoFormatException(archiveName, "cannot unpack: " + dev.kiln.store.Problems.describe(e));
    }
  }

  private PackageMeta read(TarArchiveInputStream tar) throws IOException {
    TarArchiveEntry first = tar.getNextEntry();
    if (first == null || !first.getName().equals(ArchiveWriter.META) || !first.isFile() || first.getSize() > MAX_META) {
      throw new RepoFormatException(archiveName, "does not start with " + ArchiveWriter.META);
    }
    PackageMeta meta = PackageMeta.parse(tar.readAllBytes(), archiveName + "!" + ArchiveWriter.META);
    List<FileRecord> directoriesToStamp = new ArrayList<>();
    for (FileRecord expected : meta.files()) {
      TarArchiveEntry member = tar.getNextEntry();
      if (member == null) {
        throw new RepoFormatException(archiveName, "ends before " + expected.path() + "; it is truncated");
      }
      check(member, expected);
      extract(tar, expected);
      if (expected.kind() == FileRecord.Kind.DIRECTORY) {
        directoriesToStamp.add(expected);
      }
    }
    TarArchiveEntry extra = tar.getNextEntry();
    if (extra != null) {
      throw new RepoFormatException(archiveName, "holds " + extra.getName() + ", which its manifest does not list");
    }
    // Read-only directory modes go on last, children first, once nothing more is written into them.
    for (int i = directoriesToStamp.size() - 1; i >= 0; i--) {
      FileRecord dir = directoriesToStamp.get(i);
      setMode(resolve(dir), dir.mode());
    }
    return meta;
  }

  private void check(TarArchiveEntry member, FileRecord expected) throws RepoFormatException {
    String name = ArchiveWriter.TREE + (expected.isRoot() ? "" : expected.path());
    String actual = member.getName();
    boolean matches = switch (expected.kind()) {
      case DIRECTORY -> member.isDirectory() && stripSlash(actual).equals(stripSlash(name))
          && (member.getMode() & 07777) == expected.mode();
      case FILE -> member.isFile() && !member.isLink() && !member.isSymbolicLink() && actual.equals(name)
          && member.getSize() == expected.size() && (member.getMode() & 07777) == expected.mode();
      case SYMLINK -> member.isSymbolicLink() && actual.equals(name) && member.getLinkName().equals(expected.target());
    };
    if (!matches) {
      throw new RepoFormatException(archiveName, "member " + actual + " is not what the manifest lists next ("
          + expected.line() + ")");
    }
  }

  private static String stripSlash(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private void extract(InputStream content, FileRecord record) throws IOException {
    if (record.isRoot()) {
      directories.add(FileRecord.ROOT);
      return;
    }
    if (!directories.contains(record.parent())) {
      throw new RepoFormatException(archiveName, record.path() + " comes before its directory " + record.parent());
    }
    Path path = resolve(record);
    switch (record.kind()) {
      case DIRECTORY -> {
        Files.createDirectory(path);
        directories.add(record.path());
      }
      case SYMLINK -> Files.createSymbolicLink(path, path.getFileSystem().getPath(record.target()));
      case FILE -> {
        Sha256 actual = copy(content, path);
        if (!actual.equals(record.sha256())) {
          throw new RepoFormatException(archiveName, record.path() + " has sha256 " + actual.hex()
              + ", but the manifest says " + record.sha256().hex());
        }
        setMode(path, record.mode());
      }
    }
  }

  private Path resolve(FileRecord record) {
    return record.isRoot() ? target : target.resolve(record.path());
  }

  private static Sha256 copy(InputStream in, Path path) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[BUFFER];
    // CREATE_NEW and NOFOLLOW_LINKS: a name that is already there, symlink or not, is an error.
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    return Sha256.fromDigest(digest);
  }

  /** Permission bits only: the JDK cannot set setuid, setgid or sticky, and a store has no use for them. */
  private static void setMode(Path path, int mode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (0400 >> p.ordinal())) != 0) {
        perms.add(p);
      }
    }
    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(perms);
  }
}
