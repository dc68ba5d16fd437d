package dev.kiln.image;

import dev.kiln.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes image members as a tar: in order, owned by 0:0, every mtime SOURCE_DATE_EPOCH, so the same members are the same bytes. */
final class TarWriter {
  private static final FileTime EPOCH = FileTime.from(Store.SOURCE_DATE_EPOCH, java.util.concurrent.TimeUnit.SECONDS);

  private TarWriter() {}

  static void write(List<Member> members, OutputStream out) throws IOException {
    // Not closed here: the caller owns the stream (a gzip layer goes on after the tar's end).
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (Member m : members) {
      TarArchiveEntry e = switch (m.kind()) {
        case DIR -> new TarArchiveEntry(m.path() + "/", TarConstants.LF_DIR, true);
        case SYMLINK -> new TarArchiveEntry(m.path(), TarConstants.LF_SYMLINK, true);
        case FILE -> new TarArchiveEntry(m.path(), TarConstants.LF_NORMAL, true);
      };
      e.setMode(m.mode() | switch (m.kind()) {
        case DIR -> 040000;
        case SYMLINK -> 0120000;
        case FILE -> 0100000;
      });
      e.setIds(0, 0);
      e.setUserName("root");
      e.setGroupName("root");
      e.setLastModifiedTime(EPOCH);
      if (m.kind() == Member.Kind.SYMLINK) {
        e.setLinkName(m.linkTarget());
      }
      if (m.kind() == Member.Kind.FILE) {
        e.setSize(Files.size(m.source()));
      }
      tar.putArchiveEntry(e);
      if (m.kind() == Member.Kind.FILE) {
        Files.copy(m.source(), tar);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
  }
}
