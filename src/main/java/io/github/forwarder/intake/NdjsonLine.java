package io.github.forwarder.intake;

/**
 * An accepted event's body as one line of UTF-8 JSON, without re-serialising it. A raw CR or LF in JSON can only be
 * whitespace between tokens (inside a string it must be escaped, and the intake's reader refuses it otherwise), so
 * each becomes a space: the same JSON, on one line. A UTF-8 byte order mark is dropped, since a line must start
 * with the JSON itself.
 */
final class NdjsonLine {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private NdjsonLine() {
    }

    /**
     * The body as one line (without its LF), or null when it is not UTF-8 JSON. Only UTF-16 and UTF-32 JSON hold
     * NUL bytes, and there a CR or LF byte may be half of another character: such a body keeps a file of its own.
     */
    static byte[] of(byte[] body) {
        int start = startsWithBom(body) ? UTF8_BOM.length : 0;
        byte[] line = new byte[body.length - start];
        for (int i = start; i < body.length; i++) {
            byte b = body[i];
            if (b == 0) {
                return null;
            }
            line[i - start] = b == '\r' || b == '\n' ? (byte) ' ' : b;
        }
        return line;
    }

    private static boolean startsWithBom(byte[] body) {
        return body.length >= UTF8_BOM.length && body[0] == UTF8_BOM[0] && body[1] == UTF8_BOM[1]
                && body[2] == UTF8_BOM[2];
    }
}
