/**
 * List file formats: hosts, plain domains, AdBlock, RPZ, CIDR and camsink catalogue YAML, with format detection.
 * Every parser reports each bad line as {@code file:line: reason} and goes on.
 */
package org.camsink.resolver.blocking.format;
