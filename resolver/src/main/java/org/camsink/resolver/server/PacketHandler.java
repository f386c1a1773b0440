package org.camsink.resolver.server;

import java.net.InetAddress;
import org.camsink.resolver.pipeline.Transport;

/** Turns one request packet into the reply bytes. Listeners call it from any thread, concurrently. */
@FunctionalInterface
public interface PacketHandler {
    /**
     * @param packet the request; the handler may keep it, the listener does not reuse it
     * @return what to send and what to run after sending; never null
     */
    Reply handle(byte[] packet, InetAddress client, Transport transport);

    /**
     * A helper that answers some UDP packets on the receiving thread itself, or null when there is none. Each
     * receiving thread asks once and keeps its own.
     */
    default AtOnce atOnce() {
        return null;
    }

    /** Answers a packet at once, without blocking and allocating little, when it can. Used by one thread only. */
    interface AtOnce {
        /**
         * Writes the reply to the first {@code length} bytes of {@code packet} into {@code out} and returns its
         * length, returns 0 when nothing is to be sent (the answer was rate limited), or returns -1 to leave the
         * packet to {@link #handle}. Neither array is kept.
         */
        int answer(byte[] packet, int length, InetAddress client, byte[] out);

        /** Called once the reply written by the last {@link #answer} that did not return -1 has been sent. */
        void sent();
    }

    /**
     * The bytes to send (null: send nothing) and work to run after they are sent, such as telling the
     * query listeners.
     */
    record Reply(byte[] wire, Runnable afterSend) {
        static final Runnable NOTHING = () -> {};
        public static final Reply NONE = new Reply(null, NOTHING);

        public static Reply of(byte[] wire) {
            return new Reply(wire, NOTHING);
        }
    }
}
