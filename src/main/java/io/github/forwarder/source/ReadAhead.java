package io.github.forwarder.source;

import java.util.concurrent.Semaphore;

/**
 * How much of the source's input may be read and not yet forwarded, in bytes, for all files and messages in flight
 * together. A file is read as its batches are forwarded: its reader waits here while the batches read before are
 * still with Segment, so memory does not grow with the file, whatever its size and however many are in flight.
 */
public final class ReadAhead {

    private final Semaphore room;
    private final int capacity;

    public ReadAhead(long bytes) {
        this.capacity = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, bytes));
        this.room = new Semaphore(capacity);
    }

    /**
     * An eleventh of the largest heap (16 MB of input with -Xmx176m, some 3,000 events of 5 KB, twice what 16 files
     * of 100 events hold; a sixteenth, 11 MB, made a backfill 15% slower): the rest holds what the events become
     * while they are forwarded (parsed, shaped, one request each when segment.batch.size is 1) and the forwarder
     * itself.
     */
    public static ReadAhead ofHeap() {
        return new ReadAhead(Runtime.getRuntime().maxMemory() / 11);
    }

    /** What one file or message holds; {@link Lease#giveAll} when it is done returns whatever its batches did not. */
    public Lease lease() {
        return new Lease();
    }

    public final class Lease {

        private long held;
        private boolean closed;

        /** Takes room for bytes read, if there is room now. */
        public synchronized boolean tryTake(int bytes) {
            int permits = permits(bytes);
            if (closed || room.tryAcquire(permits)) {
                held += closed ? 0 : permits;
                return true;
            }
            return false;
        }

        /** Waits for room for bytes read (a document larger than the whole room takes all of it). */
        public void take(int bytes) throws InterruptedException {
            int permits = permits(bytes);
            room.acquire(permits);
            synchronized (this) {
                if (closed) {
                    room.release(permits);
                } else {
                    held += permits;
                }
            }
        }

        /** Gives back the room of a batch that is done. */
        public synchronized void give(long bytes) {
            long permits = Math.min(held, bytes);
            held -= permits;
            room.release((int) permits);
        }

        /** The file or message is done: everything it still holds is given back. */
        public synchronized void giveAll() {
            closed = true;
            room.release((int) held);
            held = 0;
        }

        private int permits(int bytes) {
            return Math.max(0, Math.min(capacity, bytes));
        }
    }
}
