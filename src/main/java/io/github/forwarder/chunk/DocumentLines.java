package io.github.forwarder.chunk;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The lines of a file or message, as bytes, read as they are asked for. A line longer than {@code maxBytes} is not
 * held: only its start is kept, so a file without a line break in a gigabyte costs no more than a short one.
 */
final class DocumentLines implements Closeable {

    /** How much of a line over the limit is kept, to show in its dead letter. */
    static final int OVERSIZE_START = 1024;

    /** The buffer read eight bytes at a time, the first in the lowest bits. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long EACH_BYTE_ONE = 0x0101010101010101L;
    private static final long EACH_BYTE_HIGH_BIT = 0x8080808080808080L;
    private static final long EACH_BYTE_LF = EACH_BYTE_ONE * '\n';

    /**
     * One line without its LF: its bytes (only the first {@link #OVERSIZE_START} when it is over the limit), its
     * number in the file, its full length, and whether an LF ended it.
     */
    record Line(byte[] bytes, long number, long length, boolean oversize, boolean endsWithNewline) {

        boolean isBlank() {
            for (byte b : bytes) {
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long number;
    /** A line that spans reads of the buffer; grows up to maxBytes. */
    private byte[] pieces = new byte[0];

    DocumentLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The number of the last line read. */
    long lineNumber() {
        return number;
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        int kept = 0;
        long length = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) {
                    return null;
                }
                return line(kept, length, false);
            }
            any = true;
            int end = indexOfNewline();
            int stop = end < 0 ? limit : end;
            int n = stop - position;
            if (end >= 0 && length == 0 && n <= maxBytes) {
                // the whole line is in the buffer: one copy
                byte[] bytes = Arrays.copyOfRange(buffer, position, stop);
                position = end + 1;
                number++;
                return new Line(bytes, number, n, false, true);
            }
            int room = (int) Math.max(0, Math.min(n, (long) maxBytes - kept));
            if (room > 0) {
                if (pieces.length < kept + room) {
                    pieces = Arrays.copyOf(pieces, (int) Math.min(maxBytes, Math.max(2L * pieces.length, kept + room)));
                }
                System.arraycopy(buffer, position, pieces, kept, room);
                kept += room;
            }
            length += n;
            position = end < 0 ? limit : end + 1;
            if (end >= 0) {
                return line(kept, length, true);
            }
        }
    }

    private Line line(int kept, long length, boolean endsWithNewline) {
        number++;
        boolean oversize = length > maxBytes;
        byte[] bytes = Arrays.copyOf(pieces, oversize ? Math.min(kept, OVERSIZE_START) : kept);
        return new Line(bytes, number, length, oversize, endsWithNewline);
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        position = 0;
        limit = Math.max(0, read);
        return read > 0;
    }

    /**
     * Eight bytes at a time: a stored event's line is kilobytes long, and byte by byte this scan was a tenth of
     * delivery's CPU under the quick compiler (three times less this way). A word's lowest byte equal to LF is the
     * lowest byte whose high bit survives {@code (x - 0x01..) & ~x & 0x80..} with x the word xor LF in every byte.
     */
    private int indexOfNewline() {
        int i = position;
        for (; i + Long.BYTES <= limit; i += Long.BYTES) {
            long x = (long) EIGHT_BYTES.get(buffer, i) ^ EACH_BYTE_LF;
            long lf = (x - EACH_BYTE_ONE) & ~x & EACH_BYTE_HIGH_BIT;
            if (lf != 0) {
                return i + (Long.numberOfTrailingZeros(lf) >>> 3);
            }
        }
        for (; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
