/**
 * List file formats: hosts, plain domains, AdBlock, RPZ, CIDR, dnsmasq and camsink catalogue YAML, with format
 * detection; a list in a format camsink does not read fails with one line ({@code UnreadFormat}).
 * Every parser reports each bad line as {@code file:line: reason} and goes on.
 */
package org.camsink.resolver.blocking.format;
