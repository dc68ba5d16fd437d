package dev.kiln.repo;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One block of {@code Field: value} lines, the format of opkg's and Debian's {@code Packages}
 * files. A value continues on following lines that start with one space; blocks are separated by
 * blank lines. Field order is kept so that rendering is deterministic.
 *
 * @param where the file and first line of the block, for messages
 */
public record Stanza(String where, Map<String, String> fields) {
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

  public Stanza {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Parses every block of a UTF-8 text. */
  public static List<Stanza> parseAll(byte[] bytes, String file) throws RepoFormatException {
    String text = decode(bytes, file);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      // Every writer ends the file with a newline: a missing one means the file was cut short.
      throw new RepoFormatException(file, "does not end with a newline; it is truncated");
    }
    List<Stanza> stanzas = new ArrayList<>();
    Map<String, String> fields = new LinkedHashMap<>();
    String last = null;
    int start = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      String at = file + ":" + (i + 1);
      if (line.isEmpty()) {
        if (!fields.isEmpty()) {
          stanzas.add(new Stanza(file + ":" + start, fields));
          fields = new LinkedHashMap<>();
          last = null;
        }
      } else if (line.startsWith(" ")) {
        if (last == null) {
          throw new RepoFormatException(at, "a continuation line with no field before it");
        }
        fields.put(last, fields.get(last) + "\n" + line.substring(1));
      } else {
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        if (colon < 0 || !FIELD.matcher(name).matches()) {
          throw new RepoFormatException(at, "expected \"Field: value\", got \"" + line + "\"");
        }
        if (fields.isEmpty()) {
          start = i + 1;
        }
        if (fields.put(name, line.substring(colon + 1).strip()) != null) {
          throw new RepoFormatException(at, "field " + name + " appears twice in one entry");
        }
        last = name;
      }
    }
    if (!fields.isEmpty()) {
      stanzas.add(new Stanza(file + ":" + start, fields));
    }
    return stanzas;
  }

  private static String decode(byte[] bytes, String file) throws RepoFormatException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new RepoFormatException(file, "is not UTF-8 text");
    }
  }

  public Optional<String> optional(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  public String require(String field) throws RepoFormatException {
    String value = fields.get(field);
    if (value == null || value.isEmpty()) {
      throw new RepoFormatException(where, "entry has no " + field + " field");
    }
    return value;
  }

  /** A comma-separated list; empty when the field is absent. */
  public List<String> list(String field) {
    String value = fields.getOrDefault(field, "");
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  public long number(String field) throws RepoFormatException {
    String value = require(field);
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new RepoFormatException(where, field + " is not a size in bytes: \"" + value + "\"");
    }
  }

  /** Writes fields in insertion order, skipping empty ones, with a blank line after. */
  public static final class Writer {
    private final StringBuilder text;

    public Writer(StringBuilder text) {
      this.text = text;
    }

    public Writer field(String name, String value) {
      if (value.isEmpty()) {
        return this;
      }
      // A multi-line value starts on the line after its name, as Debian's Files and Description do.
      if (value.indexOf('\n') >= 0 && !value.startsWith("\n")) {
        throw new IllegalArgumentException(name + " must be one line or start with a newline: \"" + value + "\"");
      }
      text.append(name).append(':');
      if (!value.startsWith("\n")) {
        text.append(' ');
      }
      text.append(value.replace("\n", "\n ")).append('\n');
      return this;
    }

    public Writer list(String name, List<String> values) {
      return field(name, String.join(", ", values));
    }

    public void end() {
      text.append('\n');
    }
  }
}
