package dev.kiln.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a 64-bit ELF file that say what it needs at run time: its program interpreter and
 * the shared libraries (DT_NEEDED) with their search paths. Reading them ourselves is faster and
 * safer than running {@code ldd}, which executes the file.
 */
record Elf(Optional<String> interpreter, List<String> needed, List<String> runPaths) {
  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;

  /** Reads the file's dynamic information, or empty when it is not a 64-bit ELF file. */
  static Optional<Elf> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() < 64) {
        return Optional.empty();
      }
      ByteBuffer elf = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      boolean magic = elf.get(0) == 0x7f && elf.get(1) == 'E' && elf.get(2) == 'L' && elf.get(3) == 'F';
      if (!magic || elf.get(4) != 2) {
        return Optional.empty(); // not ELF, or 32-bit
      }
      elf.order(elf.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      return Optional.of(parse(elf));
    }
  }

  private static Elf parse(ByteBuffer elf) {
    long phoff = elf.getLong(0x20);
    int phentsize = Short.toUnsignedInt(elf.getShort(0x36));
    int phnum = Short.toUnsignedInt(elf.getShort(0x38));
    String interpreter = null;
    long dynOffset = -1;
    long dynSize = 0;
    List<long[]> loads = new ArrayList<>(); // vaddr, offset, filesz
    for (int i = 0; i < phnum; i++) {
      int ph = (int) (phoff + (long) i * phentsize);
      int type = elf.getInt(ph);
      long offset = elf.getLong(ph + 8);
      long vaddr = elf.getLong(ph + 16);
      long filesz = elf.getLong(ph + 32);
      if (type == PT_INTERP) {
        interpreter = cString(elf, offset);
      } else if (type == PT_DYNAMIC) {
        dynOffset = offset;
        dynSize = filesz;
      } else if (type == PT_LOAD) {
        loads.add(new long[] {vaddr, offset, filesz});
      }
    }
    List<Long> neededOffsets = new ArrayList<>();
    List<Long> pathOffsets = new ArrayList<>();
    long strtab = -1;
    for (long at = dynOffset; dynOffset >= 0 && at + 16 <= dynOffset + dynSize; at += 16) {
      long tag = elf.getLong((int) at);
      long value = elf.getLong((int) at + 8);
      if (tag == 0) {
        break;
      } else if (tag == DT_NEEDED) {
        neededOffsets.add(value);
      } else if (tag == DT_RPATH || tag == DT_RUNPATH) {
        pathOffsets.add(value);
      } else if (tag == DT_STRTAB) {
        strtab = fileOffset(loads, value);
      }
    }
    List<String> needed = new ArrayList<>();
    List<String> runPaths = new ArrayList<>();
    if (strtab >= 0) {
      for (long off : neededOffsets) {
        needed.add(cString(elf, strtab + off));
      }
      for (long off : pathOffsets) {
        runPaths.addAll(List.of(cString(elf, strtab + off).split(":")));
      }
    }
    return new Elf(Optional.ofNullable(interpreter), needed, runPaths);
  }

  private static long fileOffset(List<long[]> loads, long vaddr) {
    for (long[] load : loads) {
      if (vaddr >= load[0] && vaddr < load[0] + load[2]) {
        return vaddr - load[0] + load[1];
      }
    }
    return -1;
  }

  private static String cString(ByteBuffer buffer, long offset) {
    StringBuilder s = new StringBuilder();
    for (int i = (int) offset; i < buffer.limit() && buffer.get(i) != 0; i++) {
      s.append((char) (buffer.get(i) & 0xff));
    }
    return s.toString();
  }
}
