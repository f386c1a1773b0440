/**
 * Exporters that compile the catalogue into the formats other resolvers and routers load: RPZ, hosts, domains,
 * adblock, dnsmasq, Unbound, nftables, ipset, MikroTik and plain CIDR lists.
 */
package org.camsink.blocklists.export;
