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
