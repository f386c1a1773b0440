/**
 * Anonymous, rate-limited enrollment with Privacy Pass (RFC 9576-9578, token type 2). {@link
 * org.camsink.lambda.token.IssuerKeys} holds the issuer's RSA keys with their validity windows (two overlap while a
 * key rotates) and the secret of the per-block counters; {@link org.camsink.lambda.token.KeyFile} keeps them in a
 * file for the local runner and {@link org.camsink.lambda.token.KeySource} finds them (file or Secrets Manager).
 * {@link org.camsink.lambda.token.IssuerService} answers {@code GET /v1/token-key} and signs blinded requests at
 * {@code POST /v1/tokens}, at most a daily number per source address block ({@link
 * org.camsink.lambda.token.SourceBlock}: IPv4 /24, IPv6 /48, kept only as a day-keyed HMAC). {@link
 * org.camsink.lambda.token.TokenGate} checks the token on each report and spends its nonce once.
 */
package org.camsink.lambda.token;
