package org.camsink.resolver.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostCheckTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:8053, true", "[::1]:8053, true", "localhost:8053, true", "LOCALHOST, true", "pi:8053, true",
        "nas.lan, true", "router.home.arpa:8053, true", "camsink.local., true", "192.168.1.4, true",
        "evil.example.com, false", "127.0.0.1.nip.io:8053, false", "attacker.com:8053, false", "':8053', false"
    })
    void acceptsLocalNamesOnly(String host, boolean allowed) {
        assertThat(HostCheck.allowed(host)).isEqualTo(allowed);
    }
}
