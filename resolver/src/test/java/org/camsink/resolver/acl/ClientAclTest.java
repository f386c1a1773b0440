package org.camsink.resolver.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAclTest {
    static Config.Clients clients(List<String> allow, List<String> deny) {
        return new Config.Clients(allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList(),
                new Config.RateLimit(true, 2000, 4000));
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, true", "127.8.9.10, true", "::1, true", "10.1.2.3, true", "172.16.0.1, true", "172.31.255.255, true",
        "172.32.0.1, false", "192.168.1.20, true", "100.64.0.1, true", "100.128.0.1, false", "169.254.10.10, true",
        "fd12:3456::1, true", "fe80::1, true", "8.8.8.8, false", "2001:db8::1, false", "::ffff:192.168.1.1, true",
        "::ffff:8.8.8.8, false", "192.0.2.1, false"})
    void defaultAllowsOnlyLocalAndPrivateRanges(String address, boolean allowed) throws Exception {
        assertThat(new ClientAcl(clients(List.of(), List.of())).allowed(InetAddress.getByName(address))).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"192.0.2.7, true", "192.0.2.66, false", "10.0.0.1, false", "127.0.0.1, false", "2001:db8::5, true"})
    void allowReplacesTheDefaultsAndDenyWins(String address, boolean allowed) throws Exception {
        ClientAcl acl = new ClientAcl(clients(List.of("192.0.2.0/24", "2001:db8::/32"), List.of("192.0.2.64/26")));
        assertThat(acl.allowed(InetAddress.getByName(address))).isEqualTo(allowed);
    }
}
