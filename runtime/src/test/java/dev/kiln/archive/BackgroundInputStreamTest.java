package dev.kiln.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackgroundInputStreamTest {
  /** More than the chunks the reader may hold, so it is waiting for room when the source fails. */
  private static final int MANY_CHUNKS = 20 << 20;

  @Test
  void delivers_every_byte_in_order() throws IOException {
    byte[] data = new byte[MANY_CHUNKS + 12345];
    new Random(5).nextBytes(data);

    try (InputStream in = new BackgroundInputStream(new ByteArrayInputStream(data), "test")) {
      assertArrayEquals(data, in.readAllBytes());
      assertEquals(-1, in.read());
    }
  }

  /** Loans are views of the chunks, not copies: one running over a chunk's end comes in two parts. */
  @Test
  void lends_bytes_across_a_chunk_boundary_and_only_what_is_left_at_the_end() throws IOException {
    int chunk = 1 << 20;
    byte[] data = new byte[2 * chunk + 100];
    new Random(9).nextBytes(data);

    try (BackgroundInputStream in = new BackgroundInputStream(new ByteArrayInputStream(data), "test")) {
      in.skipNBytes(chunk - 10);
      Loan across = in.lend(30);
      in.skipNBytes(chunk - 20);
      Loan last = in.lend(500);

      assertEquals(2, across.parts().size());
      assertArrayEquals(Arrays.copyOfRange(data, chunk - 10, chunk + 20), bytes(across));
      assertArrayEquals(Arrays.copyOfRange(data, 2 * chunk, data.length), bytes(last));
      assertEquals(-1, in.read());
      across.giveBack();
      last.giveBack();
    }
  }

  private static byte[] bytes(Loan loan) {
    ByteBuffer all = ByteBuffer.allocate((int) loan.size());
    loan.parts().forEach(part -> all.put(part.duplicate()));
    return all.array();
  }

  @Test
  void a_source_failing_after_many_chunks_fails_the_reader_after_those_chunks() throws IOException {
    InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[MANY_CHUNKS]),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("corrupt input");
          }
        });

    try (InputStream in = new BackgroundInputStream(failing, "test")) {
      IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> assertThrows(IOException.class, in::readAllBytes));
      assertEquals("the archive is corrupt or truncated: corrupt input", e.getMessage());
    }
  }

  @Test
  void closing_before_the_end_stops_the_reader_and_closes_the_source() throws IOException {
    boolean[] closed = new boolean[1];
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 7;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 7);
        return len;
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };

    InputStream in = new BackgroundInputStream(endless, "test");
    assertEquals(7, in.read());
    assertTimeoutPreemptively(Duration.ofSeconds(30), in::close);

    assertTrue(closed[0]);
  }
}
