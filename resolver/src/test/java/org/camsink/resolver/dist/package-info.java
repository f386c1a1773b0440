/** Checks of what ships beside the jar in {@code src/main/dist}: the JVM flags file and the systemd unit. */
package org.camsink.resolver.dist;
