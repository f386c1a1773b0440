package org.camsink.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrableDomainTest {

    @Test
    void givesTheRegistrableDomainFromThePublicSuffixList() {
        assertThat(RegistrableDomain.of("abc123.cloud.TRASSIR.com.")).isEqualTo("trassir.com");
        assertThat(RegistrableDomain.of("cam.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(RegistrableDomain.of("example.co.uk")).isEqualTo("example.co.uk");
        assertThat(RegistrableDomain.of("a.b.azicloud.ro")).isEqualTo("azicloud.ro");
        // a private suffix (hosting platforms) keeps the customer's label, so a shared platform is never a candidate
        assertThat(RegistrableDomain.of("cam.someone.blogspot.com")).isEqualTo("someone.blogspot.com");
    }

    @Test
    void givesNothingForSuffixesUnknownTldsAndBadNames() {
        assertThat(RegistrableDomain.of("co.uk")).isNull();
        assertThat(RegistrableDomain.of("com")).isNull();
        assertThat(RegistrableDomain.of("nas.lan")).isNull();
        assertThat(RegistrableDomain.of("")).isNull();
        assertThat(RegistrableDomain.of("bad..name.com")).isNull();
        assertThat(RegistrableDomain.of(null)).isNull();
        assertThat(RegistrableDomain.is("trassir.com")).isTrue();
        assertThat(RegistrableDomain.is("cloud.trassir.com")).isFalse();
        assertThat(RegistrableDomain.is("Trassir.com")).isFalse();
    }
}
