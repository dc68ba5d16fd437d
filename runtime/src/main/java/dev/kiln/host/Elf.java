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
 * The parts of a 64-bit ELF file that say what it needs at run time: its type, program interpreter
 * and the shared libraries (DT_NEEDED) with their search paths (DT_RPATH and DT_RUNPATH, split at
 * colons, unexpanded). Reading them ourselves is faster and safer than running {@code ldd}, which
 * executes the file.
 *
 * @param type e_type: {@link #ET_EXEC}, {@link #ET_DYN}, or another (objects, core files)
 */
public record Elf(int type, Optional<String> interpreter, List<String> needed, List<String> runPaths) {
  public static final int ET_EXEC = 2;
  public static final int ET_DYN = 3;
  private static final int HEADER = 64;
  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;

  /**
   * Reads the file's dynamic information, or empty when it is not a 64-bit ELF file or its headers
   * point outside it (a truncated or corrupt file is not something a loader would run either).
   * Only the first bytes of a file that is not ELF are read.
   */
  public static Optional<Elf> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (header.hasRemaining() && channel.read(header) > 0) {
        // a short read is not the end of the file
      }
      if (header.hasRemaining() || !isElf64(header)) {
        return Optional.empty();
      }
      ByteBuffer elf = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      elf.order(header.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      return Optional.of(parse(elf));
    } catch (IndexOutOfBoundsException | IllegalArgumentException corrupt) {
      return Optional.empty(); // offsets past the end, or a file too large to map: not a loadable ELF
    }
  }

  private static boolean isElf64(ByteBuffer header) {
    boolean magic = header.get(0) == 0x7f && header.get(1) == 'E' && header.get(2) == 'L' && header.get(3) == 'F';
    return magic && header.get(4) == 2; // 32-bit files are not read
  }

  /** An executable or shared object: what a loader runs, as opposed to an object file or core dump. */
  public boolean loadable() {
    return type == ET_EXEC || type == ET_DYN;
  }

  /** True when it names no interpreter and no libraries: it runs on the kernel alone. */
  public boolean isStatic() {
    return interpreter.isEmpty() && needed.isEmpty();
  }

  private static Elf parse(ByteBuffer elf) {
    int fileType = Short.toUnsignedInt(elf.getShort(0x10));
    long phoff = elf.getLong(0x20);
    int phentsize = Short.toUnsignedInt(elf.getShort(0x36));
    int phnum = Short.toUnsignedInt(elf.getShort(0x38));
    String interpreter = null;
    long dynOffset = -1;
    long dynSize = 0;
    List<long[]> loads = new ArrayList<>(); // vaddr, offset, filesz
    for (int i = 0; i < phnum; i++) {
      int ph = index(phoff + (long) i * phentsize);
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
      long tag = elf.getLong(index(at));
      long value = elf.getLong(index(at + 8));
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
    return new Elf(fileType, Optional.ofNullable(interpreter), List.copyOf(needed), List.copyOf(runPaths));
  }

  private static long fileOffset(List<long[]> loads, long vaddr) {
    for (long[] load : loads) {
      if (vaddr >= load[0] && vaddr < load[0] + load[2]) {
        return vaddr - load[0] + load[1];
      }
    }
    return -1;
  }

  /** A file offset as a buffer index; one no buffer can have is a corrupt file, not a wrapped-around int. */
  private static int index(long offset) {
    if (offset < 0 || offset > Integer.MAX_VALUE) {
      throw new IndexOutOfBoundsException("offset " + offset);
    }
    return (int) offset;
  }

  private static String cString(ByteBuffer buffer, long offset) {
    StringBuilder s = new StringBuilder();
    for (int i = index(offset); i < buffer.limit() && buffer.get(i) != 0; i++) {
      s.append((char) (buffer.get(i) & 0xff));
    }
    return s.toString();
  }
}
