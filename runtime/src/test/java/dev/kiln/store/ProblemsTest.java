package dev.kiln.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProblemsTest {
  @TempDir Path dir;

  @Test
  void a_missing_file_read_by_the_jdk_is_no_such_file_with_its_path() {
    Path missing = dir.resolve("nope.txt");
    IOException e = assertThrows(IOException.class, () -> Files.readString(missing));
    assertEquals("no such file: " + missing, Problems.describe(e));
  }

  @Test
  void an_unreadable_directory_is_permission_denied_with_its_path() {
    // Built by hand: tests may run as root, whom no permission stops.
    assertEquals("permission denied: /var/closed", Problems.describe(new AccessDeniedException("/var/closed")));
  }

  @Test
  void a_file_system_error_with_a_reason_names_the_path_once() {
    FileSystemException e = new FileSystemException("/store/x", "/store/y", "Read-only file system");
    String said = Problems.describe(e);
    assertEquals("/store/x -> /store/y: Read-only file system", said);
    assertEquals("Read-only file system", Problems.reason(e));
  }

  @Test
  void end_of_file_without_a_message_is_said_in_words() {
    assertEquals("unexpected end of file", Problems.describe(new EOFException()));
  }

  @Test
  void kilns_own_messages_are_kept_and_wrappers_without_one_describe_their_cause() {
    assertEquals("the host no longer matches", Problems.describe(new IOException("the host no longer matches")));
    assertEquals("no such file: /a/b", Problems.describe(new UncheckedIOException(new NoSuchFileException("/a/b"))));
    assertEquals("no such file: /a/b", Problems.describe(new IOException(new NoSuchFileException("/a/b"))));
    assertEquals("input/output error", Problems.describe(new IOException()));
  }

  @Test
  void no_java_class_name_appears_for_any_kind() {
    Throwable[] kinds = {new EOFException(), new NoSuchFileException("/x"), new AccessDeniedException("/x"),
        new java.nio.file.FileAlreadyExistsException("/x"), new java.nio.file.DirectoryNotEmptyException("/x"),
        new java.nio.file.NotDirectoryException("/x"), new java.nio.file.AtomicMoveNotSupportedException("/x", "/y", null),
        new java.util.zip.ZipException(), new java.net.UnknownHostException("mirror.example"),
        new java.net.ConnectException(), new java.nio.charset.MalformedInputException(3), new IOException(),
        new IllegalStateException()};
    for (Throwable e : kinds) {
      String said = Problems.describe(e);
      assertFalse(said.contains("Exception") || said.contains("java."), said);
      assertFalse(said.isBlank());
    }
  }

  @Test
  void long_paths_are_shortened_in_the_middle_and_said_once() {
    String deep = "/home/u/.local/state/kiln/tmp/" + "d/".repeat(2000) + "last-file.txt";
    String said = Problems.describe(new FileSystemException(deep, null, "File name too long"));
    assertEquals(deep.substring(0, 40) + "..." + deep.substring(deep.length() - 60) + ": File name too long", said);
    assertTrue(said.length() < 150, said);

    String own = Problems.describe(new IOException("cannot read " + deep + " (twice? no)"));
    assertTrue(own.startsWith("cannot read " + deep.substring(0, 40) + "..."), own);
    assertTrue(own.endsWith("d/d/d/last-file.txt (twice? no)"), own);
    assertEquals("/short/path", Problems.shorten("/short/path"));
  }
}
