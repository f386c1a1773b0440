package org.camsink.report;

import com.google.common.net.InternetDomainName;
import java.util.Locale;

/**
 * The registrable domain (eTLD+1) of a name, from the Public Suffix List as Guava's {@link InternetDomainName}
 * ships it, private suffixes included: {@code cam.example.co.uk} gives {@code example.co.uk}, and a name under a
 * hosting suffix such as {@code blogspot.com} keeps the customer's label. This is the only form in which a
 * rebrand candidate may leave the machine, so the resolver and the backend use this one definition.
 */
public final class RegistrableDomain {

    private RegistrableDomain() {}

    /**
     * The registrable domain of {@code name} (with or without a trailing dot, any letter case), in lower case; null
     * when the name is not valid, is itself a public suffix, or is not under any public suffix ({@code nas.lan}).
     */
    public static String of(String name) {
        if (name == null) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return null;
        }
        try {
            InternetDomainName d = InternetDomainName.from(n.toLowerCase(Locale.ROOT));
            return d.isUnderPublicSuffix() ? d.topPrivateDomain().toString() : null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    /** True when {@code name} is exactly a registrable domain in lower case, as {@link #of} gives it. */
    public static boolean is(String name) {
        return name != null && name.equals(of(name));
    }
}
