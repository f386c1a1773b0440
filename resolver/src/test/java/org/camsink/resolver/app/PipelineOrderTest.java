package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.camsink.resolver.testing.TestResolver;
import org.junit.jupiter.api.Test;

/** Pins the order of the chain; Engine.chain explains why each link sits where it does. */
class PipelineOrderTest {
    @Test
    void aclThenRateLimitThenBlockingThenAnyThenCacheThenUpstream() throws Exception {
        try (TestResolver r = TestResolver.start("upstreams: [\"127.0.0.1:9\"]\n")) {
            assertThat(r.resolver().pipelineOrder()).containsExactly("AclHandler", "RateLimitHandler", "BlockingHandler", "AnyHandler",
                    "CacheHandler");
        }
    }
}
