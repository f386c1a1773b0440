package org.camsink.resolver.upstream;

import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/** Decides whether a packet is the reply to a query: a response, same ID, same question. */
final class ReplyMatcher {
    private ReplyMatcher() {}

    /** Whether {@code buf} starts like a response to {@code query}: QR set and the query's ID. */
    static boolean sameId(Message query, byte[] buf) {
        int id = (buf[0] & 0xFF) << 8 | buf[1] & 0xFF;
        return id == query.getHeader().getID() && (buf[2] & 0x80) != 0;
    }

    /** The parsed reply, or null when the packet is not the answer to {@code query}. */
    static Message accept(Message query, byte[] buf, int length) {
        if (length < 12) {
            return null;
        }
        if (!sameId(query, buf)) {
            return null;
        }
        Message reply;
        try {
            reply = new Message(length == buf.length ? buf : Arrays.copyOf(buf, length));
        } catch (IOException e) {
            return null;
        }
        if (!reply.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        Record q = query.getQuestion();
        Record r = reply.getQuestion();
        if (r == null || !q.getName().equals(r.getName()) || q.getType() != r.getType() || q.getDClass() != r.getDClass()) {
            return null;
        }
        return reply;
    }
}
