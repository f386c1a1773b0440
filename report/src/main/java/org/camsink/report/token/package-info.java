/**
 * Privacy Pass tokens of type 2 (publicly verifiable, RFC 9578 section 6) as camsink uses them to make forged
 * installations cost something: the RSA blind signature scheme of RFC 9474 ({@link org.camsink.report.token.BlindRsa},
 * variant RSABSSA-SHA384-PSS-Deterministic, built on BouncyCastle's blinding engine and PSS), the wire structures
 * ({@link org.camsink.report.token.TokenRequest}, {@link org.camsink.report.token.Token},
 * {@link org.camsink.report.token.TokenChallenge}), the issuer public key and its id
 * ({@link org.camsink.report.token.TokenKey}), the client's side of issuance
 * ({@link org.camsink.report.token.TokenMinter}) and the {@code PrivateToken} HTTP authentication scheme of
 * RFC 9577 ({@link org.camsink.report.token.PrivateTokenAuth}). The resolver mints and spends tokens; the backend
 * issues and verifies them.
 */
package org.camsink.report.token;
