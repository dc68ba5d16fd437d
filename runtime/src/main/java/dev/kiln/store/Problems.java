package dev.kiln.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Failures in words for people: what went wrong and with which file, never a Java class name, each
 * path once and shortened in the middle when it is very long. The JDK's file errors carry the path
 * as their whole message (a bare "/x/y" says nothing) or a path and a reason; here they read
 * "no such file: /x/y", "permission denied: /x/y", "/x/y: Read-only file system".
 */
public final class Problems {
  /** Paths longer than this lose their middle. */
  static final int LONG_PATH = 110;
  private static final int KEEP_HEAD = 40;
  private static final int KEEP_TAIL = 60;
  private static final String ELLIPSIS = "...";
  /** A run of non-blank characters with a slash in it, long enough to shorten. */
  private static final Pattern LONG_TOKEN = Pattern.compile("[^\\s]*/[^\\s]*");

  private Problems() {}

  /** The failure in words: the message of kiln's own errors, a sentence for the JDK's. */
  public static String describe(Throwable e) {
    if (e.getMessage() == null && e.getCause() != null && e.getCause().getClass() == e.getClass()) {
      return describe(e.getCause()); // the JDK's HTTP client wraps a message-less error around the real one
    }
    if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
      return describe(unchecked.getCause());
    }
    if (e instanceof FileSystemException fs) {
      return onFiles(fs, reason(fs));
    }
    if (e.getCause() != null && e.getCause() != e && String.valueOf(e.getCause()).equals(e.getMessage())) {
      return describe(e.getCause()); // new IOException(cause) takes the cause's class name as its message
    }
    String detail = firstMessage(e);
    if (e instanceof EOFException) {
      return detail == null ? "unexpected end of file" : "unexpected end of file: " + detail;
    }
    if (e instanceof ClosedByInterruptException) {
      return "interrupted";
    }
    if (e instanceof CharacterCodingException) {
      return "not valid text in the expected encoding (UTF-8)";
    }
    if (e instanceof ZipException) {
      return detail == null ? "damaged zip data" : "damaged zip data: " + detail;
    }
    if (e instanceof java.net.UnknownHostException) {
      return detail == null ? "unknown host" : "unknown host: " + detail;
    }
    if (e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException) {
      return detail == null ? "cannot connect" : "cannot connect: " + detail;
    }
    if (e instanceof java.net.SocketTimeoutException || e instanceof java.net.http.HttpTimeoutException) {
      return detail == null ? "timed out" : "timed out: " + detail;
    }
    if (detail != null) {
      return detail;
    }
    if (e.getCause() != null && e.getCause() != e) {
      return describe(e.getCause());
    }
    return e instanceof IOException ? "input/output error" : "unexpected error (no detail)";
  }

  /** The exception's message, else the first one down its causes (the JDK nests message-less errors). */
  private static String firstMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t == e ? shortenPaths(t.getMessage()) : describe(t);
      }
    }
    return null;
  }

  /**
   * What went wrong without the paths, for messages that name the files themselves ("cannot rename
   * A to B: " + reason): a file error's reason, anything else described.
   */
  public static String reason(Throwable e) {
    if (!(e instanceof FileSystemException fs)) {
      return describe(e);
    }
    Optional<Kind> kind = kindOf(fs);
    if (kind.isPresent()) {
      return kind.get().reason();
    }
    String reason = fs.getReason();
    return reason == null || reason.isBlank() ? "file system error" : reason;
  }

  /**
   * A file error the JDK names by its class: the reason for it, and how a message leads with it
   * ("no such file: PATH"), or none where the path comes first ("PATH: reason").
   */
  private record Kind(Class<? extends FileSystemException> type, String reason, Optional<String> heading) {
    static Kind leading(Class<? extends FileSystemException> type, String reason, String heading) {
      return new Kind(type, reason, Optional.of(heading));
    }
  }

  private static final List<Kind> KINDS = List.of(
      Kind.leading(NoSuchFileException.class, "no such file", "no such file"),
      Kind.leading(AccessDeniedException.class, "permission denied", "permission denied"),
      Kind.leading(FileAlreadyExistsException.class, "it already exists", "already exists"),
      Kind.leading(DirectoryNotEmptyException.class, "directory not empty", "directory not empty"),
      Kind.leading(NotDirectoryException.class, "not a directory", "not a directory"),
      Kind.leading(NotLinkException.class, "not a symbolic link", "not a symbolic link"),
      Kind.leading(FileSystemLoopException.class, "symbolic link loop", "symbolic link loop"),
      new Kind(AtomicMoveNotSupportedException.class, "not on one file system, so it cannot be renamed in one step",
          Optional.empty()));

  private static Optional<Kind> kindOf(FileSystemException fs) {
    return KINDS.stream().filter(k -> k.type().isInstance(fs)).findFirst();
  }

  /** "reason: PATH" for the kinds whose reason reads as a heading, "PATH: reason" for the rest. */
  private static String onFiles(FileSystemException fs, String reason) {
    String files = fs.getFile() == null ? null
        : shorten(fs.getFile()) + (fs.getOtherFile() == null ? "" : " -> " + shorten(fs.getOtherFile()));
    if (files == null) {
      return reason;
    }
    Optional<String> heading = kindOf(fs).flatMap(Kind::heading);
    return heading.isPresent() ? heading.get() + ": " + files : files + ": " + reason;
  }

  /** {@code path} with its middle left out when it is longer than {@value #LONG_PATH} characters. */
  public static String shorten(String path) {
    if (path.length() <= LONG_PATH) {
      return path;
    }
    return path.substring(0, KEEP_HEAD) + ELLIPSIS + path.substring(path.length() - KEEP_TAIL);
  }

  /** {@code text} with each very long path in it shortened. */
  public static String shortenPaths(String text) {
    if (text.length() <= LONG_PATH) {
      return text;
    }
    Matcher m = LONG_TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(shorten(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
