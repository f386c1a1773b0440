package org.camsink.blocklists.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ListSignatureTest {
    private static final byte[] DATA = "cloud.trassir.com\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureVerifiesWithItsKeyAndNothingElse() throws Exception {
        KeyPair pair = ListSignature.generate();
        byte[] sig = ListSignature.sign(DATA, pair.getPrivate());
        String pub = ListSignature.encode(pair.getPublic());
        assertThat(sig).hasSize(64);
        assertThat(pub).hasSize(60);
        assertThat(ListSignature.verify(DATA, sig, pub)).isTrue();

        byte[] changed = DATA.clone();
        changed[0] ^= 1;
        assertThat(ListSignature.verify(changed, sig, pub)).isFalse();
        String otherKey = ListSignature.encode(ListSignature.generate().getPublic());
        assertThat(ListSignature.verify(DATA, sig, otherKey)).isFalse();
        byte[] flipped = sig.clone();
        flipped[10] ^= 1;
        assertThat(ListSignature.verify(DATA, flipped, pub)).isFalse();
    }

    @Test
    void malformedInputsAreFalseNotExceptions() throws Exception {
        KeyPair pair = ListSignature.generate();
        byte[] sig = ListSignature.sign(DATA, pair.getPrivate());
        assertThat(ListSignature.verify(DATA, sig, "not base64 !")).isFalse();
        assertThat(ListSignature.verify(DATA, sig, Base64.getEncoder().encodeToString(new byte[44]))).isFalse();
        assertThat(ListSignature.verify(DATA, new byte[63], ListSignature.encode(pair.getPublic()))).isFalse();
        assertThat(ListSignature.verify(DATA, null, ListSignature.encode(pair.getPublic()))).isFalse();
    }

    @Test
    void theSigFileIsBase64OfTheRawSignature() throws Exception {
        byte[] sig = ListSignature.sign(DATA, ListSignature.generate().getPrivate());
        byte[] file = ListSignature.encodeSignatureFile(sig);
        assertThat(new String(file, StandardCharsets.US_ASCII)).matches("[A-Za-z0-9+/]{86}==\n");
        assertThat(ListSignature.decodeSignatureFile(file)).isEqualTo(sig);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListSignature.decodeSignatureFile("AAAA".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
    }
}
