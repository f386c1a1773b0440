package org.camsink.resolver.server;

import java.net.InetAddress;
import org.camsink.resolver.pipeline.Resolution;

/**
 * Writes the answer to a question whose name a block list sinkholes, from bytes, on the receiving thread: the
 * same bytes the full pipeline would send, without parsing the request or building a dnsjava message. Anything it
 * cannot write exactly (an exception list, a log-only list, rpz-drop, an unusual question) it leaves to the full
 * path. Each receiving thread has its own, made for one {@link AnswerGate}; it remembers its last match until the
 * query listeners have been told.
 */
public interface BlockWriter {
    /**
     * @param packet   the request, already checked by hand: a plain query with one uncompressed question name from
     *                 offset 12, its type and class at {@code nameEnd}, and at most an EDNS version 0 OPT record
     * @param nameEnd  the offset just past the question name
     * @param edns     whether the request had an OPT record
     * @param dnssecOk its DO bit
     * @param maxUdp   the largest reply the client takes; a longer one is left to the full path, which truncates
     * @param out      where to write the reply
     * @return the reply's length in {@code out}, or -1 to leave the packet to the full path
     */
    int write(byte[] packet, int nameEnd, boolean edns, boolean dnssecOk, int maxUdp, byte[] out);

    /**
     * What the full path would have told the query listeners about the last question written: kind
     * {@link org.camsink.resolver.pipeline.ResolutionKind#BLOCKED}, the reason {@code list:entry} and the hit. Its
     * response is null, since the answer exists only as the bytes sent.
     */
    Resolution resolution(InetAddress client);
}
