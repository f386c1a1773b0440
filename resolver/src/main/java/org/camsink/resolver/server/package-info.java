/**
 * The network side: {@link org.camsink.resolver.server.DnsServer} binds UDP and TCP listeners on every
 * configured address, and {@link org.camsink.resolver.server.QueryService} applies the DNS protocol rules
 * (FORMERR, NOTIMP, BADVERS, EDNS, truncation) around the pipeline.
 */
package org.camsink.resolver.server;
