/**
 * Rebrand candidates for analysts: the registrable domains that installations opted in to share
 * ({@code telemetry.shareCandidates}), published for a (country, day) only once at least k distinct installations
 * reported the same one that day. Computed from the stored raw reports, so it is a pure function of them.
 */
package org.camsink.lambda.candidates;
