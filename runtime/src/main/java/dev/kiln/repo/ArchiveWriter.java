package dev.kiln.repo;

import com.github.luben.zstd.ZstdOutputStream;
import dev.kiln.store.Store;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Packs a store entry into a deterministic {@code .tar.zst}: {@code .kiln/meta} first, then the tree under
 * {@code root/} in sorted order, every member owned by root:root (0:0) with mtime SOURCE_DATE_EPOCH and
 * its permission bits kept. Nothing of the packing machine or moment gets in, so one entry always packs to
 * the same bytes (given the same zstd library, whose output is fixed for a level).
 */
public final class ArchiveWriter {
  public static final String META = ".kiln/meta";
  public static final String TREE = "root/";
  public static final String SUFFIX = ".tar.zst";
  /** A middle level: most of the ratio of 19 at a fraction of its time. */
  private static final int ZSTD_LEVEL = 12;
  private static final FileTime EPOCH = FileTime.from(Store.SOURCE_DATE_EPOCH, TimeUnit.SECONDS);

  private ArchiveWriter() {}

  /** Packs {@code entry} into {@code out}; returns the metadata written inside. */
  public static PackageMeta write(Path entry, InfoFactory info, OutputStream out) throws IOException {
    List<FileRecord> files = TreeScan.scan(entry);
    long installed = files.stream().mapToLong(FileRecord::size).sum();
    PackageMeta meta = new PackageMeta(info.info(installed), files);
    try (ZstdOutputStream zstd = new ZstdOutputStream(new BufferedOutputStream(out), ZSTD_LEVEL);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(zstd, StandardCharsets.UTF_8.name())) {
      zstd.setChecksum(true);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      byte[] metaBytes = meta.render();
      TarArchiveEntry header = header(META, TarConstants.LF_NORMAL, 0644);
      header.setSize(metaBytes.length);
      tar.putArchiveEntry(header);
      tar.write(metaBytes);
      tar.closeArchiveEntry();
      for (FileRecord file : files) {
        member(tar, entry, file);
      }
      tar.finish();
    }
    return meta;
  }

  /** The package's info, made once the installed size is known. */
  @FunctionalInterface
  public interface InfoFactory {
    PackageInfo info(long installedSize);
  }

  private static void member(TarArchiveOutputStream tar, Path entry, FileRecord file) throws IOException {
    String name = TREE + (file.isRoot() ? "" : file.path());
    switch (file.kind()) {
      case DIRECTORY -> {
        tar.putArchiveEntry(header(file.isRoot() ? name : name + "/", TarConstants.LF_DIR, file.mode()));
        tar.closeArchiveEntry();
      }
      case SYMLINK -> {
        TarArchiveEntry link = header(name, TarConstants.LF_SYMLINK, 0777);
        link.setLinkName(file.target());
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      case FILE -> {
        TarArchiveEntry header = header(name, TarConstants.LF_NORMAL, file.mode());
        header.setSize(file.size());
        tar.putArchiveEntry(header);
        Files.copy(entry.resolve(file.path()), tar);
        tar.closeArchiveEntry();
      }
    }
  }

  private static TarArchiveEntry header(String name, byte type, int mode) {
    TarArchiveEntry header = new TarArchiveEntry(name, type);
    header.setMode(mode);
    header.setIds(0, 0);
    header.setNames("root", "root");
    header.setLastModifiedTime(EPOCH);
    return header;
  }
}
