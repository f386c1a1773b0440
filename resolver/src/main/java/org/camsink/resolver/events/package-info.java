/** What the resolver tells the rest of the process about each query: {@link org.camsink.resolver.events.Hit} and {@link org.camsink.resolver.events.QueryListener}. */
package org.camsink.resolver.events;
