package org.camsink.lambda.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.store.DirtyCells;
import org.camsink.lambda.store.DirtyCells.DirtyMarker;
import org.camsink.lambda.store.dynamo.DynamoAggregateStore;
import org.camsink.lambda.store.dynamo.DynamoClients;
import org.camsink.lambda.store.dynamo.DynamoDirtyCells;
import org.camsink.lambda.store.dynamo.DynamoReportStore;
import org.camsink.lambda.store.dynamo.Tables;
import org.camsink.lambda.testing.DynaliteServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The dirty-marker protocol against dynalite: a marker is cleared only when unchanged and settled. */
@ExtendWith(DynaliteServer.class)
class DirtyMarkerTest {
    private static final CellKey CELL = new CellKey("UA", "2026-11-26");

    private record Stores(DynamoDbClient dynamo, DirtyCells dirty, AggregationService service, AtomicLong now) {}

    private static Stores stores(URI dynalite, int settleSeconds) {
        String suffix = Long.toHexString(System.nanoTime());
        BackendConfig config = BackendConfig.local("r-" + suffix, "s-" + suffix, dynalite);
        DynamoDbClient dynamo = DynamoClients.forLocal(config);
        Tables.ensure(dynamo, config);
        AtomicLong now = new AtomicLong(Instant.parse("2026-11-27T12:00:00Z").toEpochMilli());
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        DirtyCells dirty = new DynamoDirtyCells(dynamo, config.statsTable());
        AggregationService service = new AggregationService(new DynamoReportStore(dynamo, config.reportsTable()), dirty,
                new DynamoAggregateStore(dynamo, config.statsTable()), clock, settleSeconds);
        return new Stores(dynamo, dirty, service, now);
    }

    @Test
    void markBumpsTheVersionAndAStaleClearFails(URI dynalite) {
        Stores s = stores(dynalite, 0);
        s.dirty().mark(CELL, 1);
        DirtyMarker read = s.dirty().list().getFirst();
        s.dirty().mark(CELL, 2); // an ingest marks again after the aggregator read the marker
        assertThat(s.dirty().clear(read)).isFalse();
        DirtyMarker fresh = s.dirty().list().getFirst();
        assertThat(fresh.version()).isEqualTo(read.version() + 1);
        assertThat(fresh.markedAtMillis()).isEqualTo(2);
        assertThat(s.dirty().clear(fresh)).isTrue();
        assertThat(s.dirty().list()).isEmpty();
        s.dynamo().close();
    }

    @Test
    void aMarkerIsKeptUntilItsLastMarkHasSettled(URI dynalite) {
        Stores s = stores(dynalite, 120);
        s.dirty().mark(CELL, s.now().get());
        // Just marked: its ingest may still be putting the report, so the cell is recomputed but stays dirty.
        assertThat(s.service().run().cleared()).isZero();
        assertThat(s.dirty().list()).hasSize(1);
        s.now().addAndGet(119_000);
        assertThat(s.service().run().cleared()).isZero();
        s.now().addAndGet(1_000);
        AggregationService.RunResult settled = s.service().run();
        assertThat(settled.cells()).isEqualTo(1);
        assertThat(settled.cleared()).isEqualTo(1);
        assertThat(s.dirty().list()).isEmpty();
        assertThat(s.service().run().cells()).isZero();
        s.dynamo().close();
    }
}
