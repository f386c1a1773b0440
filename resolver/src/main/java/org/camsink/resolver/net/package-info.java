/** Address value types shared by config, access control and blocking: {@link org.camsink.resolver.net.Cidr} and {@link org.camsink.resolver.net.HostPort}. */
package org.camsink.resolver.net;
