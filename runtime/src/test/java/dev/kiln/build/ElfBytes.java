package dev.kiln.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal little-endian ELF64 file with the parts the audit reads: a type, an optional
 * PT_INTERP, and a PT_DYNAMIC with DT_NEEDED and DT_RUNPATH entries. One PT_LOAD maps the file at
 * address 0, so DT_STRTAB's address is its file offset. Nothing here runs; it only has to parse.
 */
record ElfBytes(int type, String interpreter, List<String> needed, List<String> runPath) {
  static final int ET_REL = 1;
  static final int ET_EXEC = 2;
  static final int ET_DYN = 3;
  private static final int HEADER = 64;
  private static final int PHDR = 56;

  static ElfBytes executable(String interpreter) {
    return new ElfBytes(ET_EXEC, interpreter, List.of(), List.of());
  }

  static ElfBytes staticExecutable() {
    return new ElfBytes(ET_EXEC, null, List.of(), List.of());
  }

  static ElfBytes sharedObject() {
    return new ElfBytes(ET_DYN, null, List.of(), List.of());
  }

  ElfBytes needing(String... libraries) {
    return new ElfBytes(type, interpreter, List.of(libraries), runPath);
  }

  ElfBytes withRunPath(String... dirs) {
    return new ElfBytes(type, interpreter, needed, List.of(dirs));
  }

  ElfBytes ofType(int elfType) {
    return new ElfBytes(elfType, interpreter, needed, runPath);
  }

  Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes());
  }

  byte[] bytes() {
    boolean dynamic = !needed.isEmpty() || !runPath.isEmpty();
    int phnum = 1 + (interpreter == null ? 0 : 1) + (dynamic ? 1 : 0);
    int interpAt = HEADER + phnum * PHDR;
    byte[] interp = interpreter == null ? new byte[0] : cString(interpreter);
    int strtabAt = interpAt + interp.length;
    ByteBuffer strtab = ByteBuffer.allocate(4096);
    strtab.put((byte) 0);
    List<long[]> dyn = new ArrayList<>(); // tag, value
    for (String library : needed) {
      dyn.add(new long[] {1, strtab.position()});
      strtab.put(cString(library));
    }
    if (!runPath.isEmpty()) {
      dyn.add(new long[] {29, strtab.position()});
      strtab.put(cString(String.join(":", runPath)));
    }
    dyn.add(new long[] {5, strtabAt});
    dyn.add(new long[] {0, 0});
    int dynAt = strtabAt + strtab.position();
    int size = dynAt + (dynamic ? dyn.size() * 16 : 0);
    ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    elf.putShort(0x10, (short) type).putShort(0x12, (short) 0x3e).putInt(0x14, 1);
    elf.putLong(0x20, HEADER).putShort(0x34, (short) HEADER).putShort(0x36, (short) PHDR).putShort(0x38, (short) phnum);
    int ph = HEADER;
    ph = programHeader(elf, ph, 1, 0, size);
    if (interpreter != null) {
      ph = programHeader(elf, ph, 3, interpAt, interp.length);
      elf.put(interpAt, interp);
    }
    elf.put(strtabAt, strtab.array(), 0, strtab.position());
    if (dynamic) {
      programHeader(elf, ph, 2, dynAt, dyn.size() * 16);
      for (int i = 0; i < dyn.size(); i++) {
        elf.putLong(dynAt + i * 16, dyn.get(i)[0]).putLong(dynAt + i * 16 + 8, dyn.get(i)[1]);
      }
    }
    return elf.array();
  }

  private static int programHeader(ByteBuffer elf, int at, int type, long offset, long size) {
    elf.putInt(at, type).putLong(at + 8, offset).putLong(at + 16, offset).putLong(at + 32, size).putLong(at + 40, size);
    return at + PHDR;
  }

  private static byte[] cString(String s) {
    byte[] text = s.getBytes(StandardCharsets.UTF_8);
    byte[] withNul = new byte[text.length + 1];
    System.arraycopy(text, 0, withNul, 0, text.length);
    return withNul;
  }
}
