package org.camsink.resolver.discovery;

/** Told each time a camera's query counts for a candidate that may be shared (telemetry, when opted in). */
@FunctionalInterface
public interface CandidateSink {
    /**
     * @param registrableDomain the candidate's eTLD+1, the only part of it that may leave the machine
     */
    void candidate(String registrableDomain);
}
