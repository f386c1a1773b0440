/**
 * Forwarding to upstream resolvers: the {@link org.camsink.resolver.upstream.Upstream} transport interface,
 * plain DNS over UDP/TCP, failover with a health view, and the sanitizer that keeps unrelated records out.
 */
package org.camsink.resolver.upstream;
