package org.camsink.lambda.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.release.DiscreteLaplace;
import org.camsink.lambda.release.Releaser;
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

/**
 * The dirty-marker protocol against dynalite: a marker is cleared only when unchanged, and a cell is released
 * only once its day has closed (ended, release delay and settle time passed).
 */
@ExtendWith(DynaliteServer.class)
class DirtyMarkerTest {
    private static final CellKey CELL = new CellKey("UA", "2026-11-26");

    private record Stores(DynamoDbClient dynamo, DirtyCells dirty, AggregationService service, AtomicLong now) {}

    private static Stores stores(URI dynalite, int settleSeconds) {
        String suffix = Long.toHexString(System.nanoTime());
        BackendConfig config = BackendConfig.local("r-" + suffix, "s-" + suffix, dynalite);
        DynamoDbClient dynamo = DynamoClients.forLocal(config);
        Tables.ensure(dynamo, config);
        AtomicLong now = new AtomicLong(Instant.parse("2026-11-26T12:00:00Z").toEpochMilli());
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
                new DynamoAggregateStore(dynamo, config.statsTable()), new Aggregator(config.release().bounds()),
                new Releaser(config.release().policy(1), new DiscreteLaplace(new SecureRandom())), clock,
                Duration.ofHours(24), settleSeconds);
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
    void aCellIsReleasedOnlyWhenItsDayHasClosedAndThenOnce(URI dynalite) {
        Stores s = stores(dynalite, 120);
        s.dirty().mark(CELL, s.now().get());
        // Its day is today: nothing is released and the marker stays.
        AggregationService.RunResult open = s.service().run();
        assertThat(open.open()).isEqualTo(1);
        assertThat(open.cleared()).isZero();
        // The day ended at 2026-11-27T00:00Z; 24 h of release delay and 120 s of settle time later it closes.
        s.now().set(Instant.parse("2026-11-28T00:01:59Z").toEpochMilli());
        assertThat(s.service().run().open()).isEqualTo(1);
        s.now().set(Instant.parse("2026-11-28T00:02:00Z").toEpochMilli());
        AggregationService.RunResult closed = s.service().run();
        assertThat(closed.open()).isZero();
        assertThat(closed.cleared()).isEqualTo(1);
        assertThat(s.dirty().list()).isEmpty();
        // marked again (a duplicate still marks): the release stays, nothing is read or written
        s.dirty().mark(CELL, s.now().get());
        AggregationService.RunResult again = s.service().run();
        assertThat(again.cleared()).isEqualTo(1);
        assertThat(again.reports()).isZero();
        s.dynamo().close();
    }
}
