/**
 * Blocking: the compact {@link org.camsink.resolver.blocking.DomainSet} and
 * {@link org.camsink.resolver.blocking.IpRangeSet}, the {@link org.camsink.resolver.blocking.ListManager} that
 * loads and refreshes lists off the hot path, and the {@link org.camsink.resolver.blocking.BlockingHandler} link
 * that sinkholes queries and inspects answers. {@link org.camsink.resolver.blocking.WireBlockResponder} writes the
 * same blocked answers from bytes for the UDP receiving thread. List formats are in {@code blocking.format}.
 */
package org.camsink.resolver.blocking;
