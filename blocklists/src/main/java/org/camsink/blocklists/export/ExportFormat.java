package org.camsink.blocklists.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The export formats and the exporter for each. */
public enum ExportFormat {
    RPZ(new RpzExporter()),
    HOSTS(new HostsExporter()),
    DOMAINS(new DomainsExporter()),
    ADBLOCK(new AdblockExporter()),
    DNSMASQ(new DnsmasqExporter()),
    UNBOUND(new UnboundExporter()),
    NFTABLES(new NftablesExporter()),
    IPSET(new IpsetExporter()),
    MIKROTIK(new MikrotikExporter()),
    CIDR(new CidrExporter());

    private final Exporter exporter;

    ExportFormat(Exporter exporter) {
        this.exporter = exporter;
    }

    public Exporter exporter() {
        return exporter;
    }

    /** True for the firewall formats, which take {@code --anti-bypass}. */
    public boolean supportsAntiBypass() {
        return this == NFTABLES || this == MIKROTIK;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a format id, with a message that lists the valid ones. */
    public static ExportFormat parse(String id) {
        for (ExportFormat f : values()) {
            if (f.id().equals(id.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id + "'; one of "
                + Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", ")));
    }
}
