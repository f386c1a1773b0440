package org.camsink.resolver.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The per-query cost of going through dnsjava: parsing a client query from the wire, and building and
 * serializing a response (the blocked NXDOMAIN and a one-record answer). This is the baseline any hand-parsed
 * fast path is measured against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class QueryCodecBench {
    private byte[] queryWire;
    private Message query;
    private ARecord answer;

    @Setup
    public void setup() throws IOException {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("m30.ru.cloud.trassir.com."), Type.A, DClass.IN));
        q.getHeader().setID(0x1234);
        q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        queryWire = q.toWire();
        query = new Message(queryWire);
        answer = new ARecord(query.getQuestion().getName(), DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 1});
    }

    @Benchmark
    public Message parseQuery() throws IOException {
        return new Message(queryWire);
    }

    @Benchmark
    public byte[] buildNxdomain() {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RD);
        r.getHeader().setFlag(Flags.RA);
        r.getHeader().setRcode(Rcode.NXDOMAIN);
        r.addRecord(query.getQuestion(), Section.QUESTION);
        r.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        return r.toWire(1232);
    }

    @Benchmark
    public byte[] parseAndAnswer() throws IOException {
        Message q = new Message(queryWire);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RD);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        r.addRecord(answer, Section.ANSWER);
        return r.toWire(1232);
    }
}
