package org.camsink.lambda.store;

/** Nonces of spent Privacy Pass tokens, so each token pays for one report only. */
public interface SpentTokens {

    /**
     * Records the nonce as spent on this report, unless it is already spent on another one; true when the report
     * may go on (first spend, or a retry of the same report with the same token).
     */
    boolean spend(String nonce, String reportId, long expiresAtEpochSeconds);
}
