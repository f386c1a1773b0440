package org.camsink.resolver.blocking.format;

import java.util.List;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.IpRangeSet;

/**
 * What one list file holds once parsed.
 *
 * @param domains         domain rules that block (or log)
 * @param exceptions      domain rules that allow: AdBlock {@code @@||name^} and RPZ {@code rpz-passthru.}
 * @param ranges          answer-address rules that block (or log)
 * @param rangeExceptions answer-address rules that allow (RPZ {@code rpz-ip} passthru)
 * @param invalidLines    lines that were reported and skipped
 * @param ignoredRules    valid rules that a DNS resolver cannot apply (cosmetic or URL-path AdBlock rules,
 *                        unsupported RPZ triggers), counted and skipped
 * @param problems        the first messages, each {@code file:line: reason}
 * @param defaultAction   a catalogue list's own {@code action:} ({@code block} or {@code log}), else null
 */
public record ListContent(DomainSet domains, DomainSet exceptions, IpRangeSet ranges, IpRangeSet rangeExceptions,
                          long invalidLines, long ignoredRules, List<String> problems, String defaultAction) {

    public static ListContent empty() {
        return new ListContent(DomainSet.empty(), DomainSet.empty(), IpRangeSet.empty(), IpRangeSet.empty(), 0, 0,
                List.of(), null);
    }
}
