package org.camsink.blocklists.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SignedVersionTest {
    private static final byte[] LIST = "cloud.vendor.test\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] sha(byte[] data) {
        return SignedVersion.digest().digest(data);
    }

    @Test
    void aSignedVersionRoundTripsAndCoversTheListHash() throws Exception {
        KeyPair keys = ListSignature.generate();
        String pub = ListSignature.encode(keys.getPublic());
        SignedVersion v = new SignedVersion(42, LocalDate.parse("2026-12-03"), sha(LIST));
        byte[] file = v.sign(keys.getPrivate());
        assertThat(new String(file, StandardCharsets.US_ASCII)).startsWith(SignedVersion.MAGIC + "\nversion: 42\n")
                .contains("\ned25519: ");
        SignedVersion read = SignedVersion.verify(file, pub);
        assertThat(read).isEqualTo(v);
        assertThat(read.matches(sha(LIST))).isTrue();
        assertThat(read.matches(sha("other.test\n".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void aChangedVersionLineOrAnotherKeyIsRefused() throws Exception {
        KeyPair keys = ListSignature.generate();
        byte[] file = new SignedVersion(42, LocalDate.parse("2026-12-03"), sha(LIST)).sign(keys.getPrivate());
        byte[] bumped = new String(file, StandardCharsets.US_ASCII).replace("version: 42", "version: 99")
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SignedVersion.verify(bumped, ListSignature.encode(keys.getPublic())))
                .hasMessageContaining("does not verify");
        String other = ListSignature.encode(ListSignature.generate().getPublic());
        assertThatThrownBy(() -> SignedVersion.verify(file, other)).hasMessageContaining("does not verify");
    }

    @Test
    void theOldBareFormAndGarbageSayWhatTheyAre() throws Exception {
        KeyPair keys = ListSignature.generate();
        String pub = ListSignature.encode(keys.getPublic());
        byte[] bare = ListSignature.encodeSignatureFile(ListSignature.sign(LIST, keys.getPrivate()));
        assertThatThrownBy(() -> SignedVersion.verify(bare, pub)).hasMessageContaining("old-form signature without a version");
        assertThatThrownBy(() -> SignedVersion.verify("<html>".getBytes(StandardCharsets.US_ASCII), pub))
                .hasMessageContaining("not a camsink signature file");
    }
}
