/**
 * Floods against the packaged jar in a child JVM started with the launcher's flags
 * ({@link org.camsink.resolver.flood.MemoryFloodIT}): padded queries, padded queries behind a silent upstream, big
 * answers through the cache, and half-sent admin requests, each showing the process up, the heap under its limit
 * and another client answered. It writes its heap figures to {@code target/memory-flood.txt}.
 */
package org.camsink.resolver.flood;
