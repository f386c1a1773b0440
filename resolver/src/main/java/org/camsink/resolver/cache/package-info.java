/**
 * The answer cache: wire-format entries keyed by name, type, class and DO bit, with TTL decrement, negative
 * caching (RFC 2308), bounded size and serve-stale (RFC 8767).
 */
package org.camsink.resolver.cache;
