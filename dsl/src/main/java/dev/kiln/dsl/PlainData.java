package dev.kiln.dsl;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jruby.RubyArray;
import org.jruby.RubyHash;
import org.jruby.RubyString;
import org.jruby.RubySymbol;
import org.jruby.runtime.ThreadContext;
import org.jruby.runtime.builtin.IRubyObject;

/**
 * The data a recipe evaluation records — maps with string keys, lists, strings, integers,
 * booleans and nil, nothing else — taken from Ruby as plain Java maps and lists for
 * {@link RecipeReader}, and written as a compact tagged binary tree that reads back as the same.
 */
final class PlainData {
  private static final byte NULL = 'N';
  private static final byte TRUE = 'T';
  private static final byte FALSE = 'F';
  private static final byte INTEGER = 'I';
  private static final byte STRING = 'S';
  private static final byte LIST = 'L';
  private static final byte MAP = 'M';

  private static final RubyHash.VisitorWithState<Map<String, Object>> INTO_MAP = new RubyHash.VisitorWithState<>() {
    @Override
    public void visit(ThreadContext context, RubyHash self, IRubyObject key, IRubyObject value, int index,
        Map<String, Object> map) {
      map.put(String.valueOf(ofRuby(key)), ofRuby(value));
    }
  };

  private PlainData() {}

  /** Thrown for a value that is not plain data (a Ruby object a recipe stored somewhere odd). */
  static final class NotPlainException extends Exception {
    private static final long serialVersionUID = 1L;

    NotPlainException(Object value) {
      super("not plain data: " + (value == null ? "null" : value.getClass().getName()));
    }
  }

  /**
   * A Ruby value as plain Java data: hashes as maps, arrays as lists, strings and symbols as
   * strings, the rest as JRuby converts them (an odd object stays one, which the cache then
   * refuses). Done once, walking Ruby's own structures: reading a Ruby hash through its Java Map
   * view converts every key and value on every lookup, ~0.3 s for a recipe of 5,000 packages.
   */
  static Object ofRuby(IRubyObject value) {
    if (value instanceof RubyString s) {
      return s.decodeString();
    }
    if (value instanceof RubySymbol symbol) {
      return symbol.asJavaString();
    }
    if (value instanceof RubyArray<?> array) {
      List<Object> list = new ArrayList<>(array.getLength());
      for (int i = 0; i < array.getLength(); i++) {
        list.add(ofRuby(array.eltInternal(i)));
      }
      return list;
    }
    if (value instanceof RubyHash hash) {
      Map<String, Object> map = new LinkedHashMap<>(hash.size() * 2);
      hash.visitAll(hash.getRuntime().getCurrentContext(), INTO_MAP, map);
      return map;
    }
    return value.toJava(Object.class);
  }

  static void write(DataOutput out, Object value) throws IOException, NotPlainException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (value instanceof Long || value instanceof Integer) {
      out.writeByte(INTEGER);
      out.writeLong(((Number) value).longValue());
    } else if (value instanceof CharSequence s) {
      out.writeByte(STRING);
      writeString(out, s.toString());
    } else if (value instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object item : list) {
        write(out, item);
      }
    } else if (value instanceof Map<?, ?> map) {
      out.writeByte(MAP);
      out.writeInt(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof CharSequence key)) {
          throw new NotPlainException(e.getKey());
        }
        writeString(out, key.toString());
        write(out, e.getValue());
      }
    } else {
      throw new NotPlainException(value);
    }
  }

  static Object read(DataInput in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case INTEGER:
        return in.readLong();
      case STRING:
        return readString(in);
      case LIST: {
        int n = in.readInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(read(in));
        }
        return list;
      }
      case MAP: {
        int n = in.readInt();
        Map<String, Object> map = new LinkedHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
          String key = readString(in);
          map.put(key, read(in));
        }
        return map;
      }
      default:
        throw new IOException("corrupt evaluation cache: unknown tag " + tag);
    }
  }

  // writeUTF stops at 64 KiB; a step's shell script may be longer.
  static void writeString(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
