package org.camsink.report.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four test vectors of RFC 9474 Appendix A (in {@code rfc9474/test-vectors.json}, with their source), run
 * through {@link BlindRsa}: EMSA-PSS encoding, blinding with the vector's factor, the signer's operation,
 * finalization and verification must give the published bytes. The randomized variants sign
 * {@code msg_prefix || msg}, which is what the vectors' {@code prepared_msg} holds.
 */
class BlindRsaVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(String name, JsonNode v) {
        @Override
        public String toString() {
            return name;
        }

        byte[] bytes(String field) {
            return HEX.parseHex(v.path(field).asText());
        }

        BigInteger number(String field) {
            return new BigInteger(1, bytes(field));
        }

        BlindRsa scheme() {
            return v.path("salt").asText().isEmpty() ? BlindRsa.PSS_ZERO : BlindRsa.PSS;
        }

        RSAKeyParameters publicKey() {
            return new RSAKeyParameters(false, number("n"), number("e"));
        }

        RSAPrivateCrtKeyParameters privateKey() {
            BigInteger p = number("p");
            BigInteger q = number("q");
            BigInteger d = number("d");
            return new RSAPrivateCrtKeyParameters(number("n"), number("e"), d, p, q,
                    d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p));
        }

        /** The blinding factor r; the vectors give its inverse. */
        BigInteger factor() {
            return number("inv").modInverse(number("n"));
        }
    }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = BlindRsaVectorsTest.class.getResourceAsStream("/rfc9474/test-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            assertThat(root.path("source").asText()).contains("RFC 9474");
            List<Vector> out = new ArrayList<>();
            root.path("vectors").forEach(v -> out.add(new Vector(v.path("name").asText(), v)));
            assertThat(out).extracting(Vector::name).containsExactly("RSABSSA-SHA384-PSS-Randomized",
                    "RSABSSA-SHA384-PSSZERO-Randomized", "RSABSSA-SHA384-PSS-Deterministic",
                    "RSABSSA-SHA384-PSSZERO-Deterministic");
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void preparedMessageIsThePrefixAndTheMessage(Vector t) {
        byte[] prefix = t.bytes("msg_prefix");
        byte[] msg = t.bytes("msg");
        byte[] joined = new byte[prefix.length + msg.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        System.arraycopy(msg, 0, joined, prefix.length, msg.length);
        assertThat(HEX.formatHex(joined)).isEqualTo(t.v.path("prepared_msg").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodingWithAFactorOfOneIsThePublishedEncodedMessage(Vector t) throws TokenException {
        byte[] encoded = t.scheme().blind(t.publicKey(), t.bytes("prepared_msg"), t.bytes("salt"), BigInteger.ONE);
        assertThat(HEX.formatHex(encoded)).isEqualTo(t.v.path("encoded_msg").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void blindSignFinalizeAndVerifyGiveThePublishedValues(Vector t) throws TokenException {
        BlindRsa scheme = t.scheme();
        byte[] blinded = scheme.blind(t.publicKey(), t.bytes("prepared_msg"), t.bytes("salt"), t.factor());
        assertThat(HEX.formatHex(blinded)).isEqualTo(t.v.path("blinded_msg").asText());

        byte[] blindSig = scheme.blindSign(t.privateKey(), blinded);
        assertThat(HEX.formatHex(blindSig)).isEqualTo(t.v.path("blind_sig").asText());

        byte[] sig = scheme.finalize(t.publicKey(), t.bytes("prepared_msg"), blindSig, t.factor());
        assertThat(HEX.formatHex(sig)).isEqualTo(t.v.path("sig").asText());
        assertThat(scheme.verify(t.publicKey(), t.bytes("prepared_msg"), t.bytes("sig"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aChangedMessageOrSignatureDoesNotVerify(Vector t) throws TokenException {
        byte[] msg = t.bytes("prepared_msg");
        byte[] sig = t.bytes("sig");
        msg[msg.length - 1] ^= 1;
        assertThat(t.scheme().verify(t.publicKey(), msg, sig)).isFalse();
        byte[] otherSig = t.bytes("sig");
        otherSig[10] ^= 1;
        assertThat(t.scheme().verify(t.publicKey(), t.bytes("prepared_msg"), otherSig)).isFalse();
        byte[] badBlindSig = t.bytes("blind_sig");
        badBlindSig[5] ^= 1;
        assertThatThrownBy(() -> t.scheme().finalize(t.publicKey(), t.bytes("prepared_msg"), badBlindSig, t.factor()))
                .isInstanceOf(TokenException.class).hasMessageContaining("does not verify");
    }
}
