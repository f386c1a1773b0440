/**
 * Blocking: the compact {@link org.camsink.resolver.blocking.DomainSet} and
 * {@link org.camsink.resolver.blocking.IpRangeSet}, the {@link org.camsink.resolver.blocking.ListManager} that
 * loads and refreshes lists off the hot path, and the {@link org.camsink.resolver.blocking.BlockingHandler} link
 * that sinkholes queries and inspects answers. List formats are in {@code blocking.format}.
 */
package org.camsink.resolver.blocking;
