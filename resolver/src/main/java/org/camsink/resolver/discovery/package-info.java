/**
 * Rebrand discovery, scoped to cameras. A device becomes a camera once it asks for an entry of a bundled
 * camera-vendor list (or the owner marks its address in {@code discovery.cameras}); when a camera asks for a name
 * that no list matches and the answer leads into a list (a CNAME target in a listed domain, or an address in a
 * listed range such as a country range), the name's registrable domain becomes a candidate.
 * {@link org.camsink.resolver.discovery.CandidateTable} is the query listener that does this, within a fixed
 * number of rows; phones and laptops never produce candidates, so household browsing is never collected.
 */
package org.camsink.resolver.discovery;
