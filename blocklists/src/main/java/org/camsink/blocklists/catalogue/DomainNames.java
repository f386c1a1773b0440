package org.camsink.blocklists.catalogue;

import java.util.Optional;

/** Checks that a catalogue domain is a plain, lower-case host name suffix such as {@code cloud.trassir.com}. */
public final class DomainNames {
    private DomainNames() {}

    /** Why {@code name} is not an acceptable catalogue domain, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("empty domain");
        }
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("domain '" + name + "' must be lower case");
        }
        if (name.endsWith(".") || name.startsWith(".") || name.startsWith("*")) {
            return Optional.of("domain '" + name + "' must be written without a leading '*.'/'.' or trailing dot");
        }
        if (name.length() > 253) {
            return Optional.of("domain '" + name + "' is longer than 253 characters");
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("domain '" + name + "' has a single label; a whole top-level domain is never listed");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return Optional.of("domain '" + name + "' has an empty or over-long label");
            }
            if (!label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
                    || label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("domain '" + name + "' has an invalid label '" + label + "' (letters, digits, inner hyphens)");
            }
        }
        String tld = labels[labels.length - 1];
        if (!tld.startsWith("xn--") && !tld.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return Optional.of("domain '" + name + "' has a numeric top-level label; write IP addresses as cidr:");
        }
        return Optional.empty();
    }

    /** True when {@code name} equals {@code suffix} or is a subdomain of it. */
    public static boolean within(String name, String suffix) {
        return name.equals(suffix) || name.endsWith("." + suffix);
    }
}
