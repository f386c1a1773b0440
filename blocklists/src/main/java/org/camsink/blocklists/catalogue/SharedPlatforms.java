package org.camsink.blocklists.catalogue;

import java.util.List;
import java.util.Optional;

/**
 * Big shared platforms that a catalogue entry must never equal or contain: blocking one of them (or a parent such
 * as {@code net}) would break unrelated services for every household using the list.
 */
public final class SharedPlatforms {
    /** Suffixes shared by many unrelated customers: clouds, CDNs, code hosting, time and DNS services. */
    public static final List<String> SUFFIXES = List.of(
            "amazonaws.com", "amazon.com", "cloudfront.net", "awsglobalaccelerator.com", "elasticbeanstalk.com",
            "azureedge.net", "azurefd.net", "azurewebsites.net", "cloudapp.net", "windows.net", "microsoft.com",
            "googleapis.com", "googleusercontent.com", "gstatic.com", "appspot.com", "google.com", "gvt1.com",
            "akamaiedge.net", "akamaized.net", "akamai.net", "akamaihd.net", "edgekey.net", "edgesuite.net",
            "cloudflare.com", "cloudflare.net", "workers.dev", "pages.dev", "fastly.net", "fastlylb.net",
            "github.io", "github.com", "githubusercontent.com", "gitlab.io", "herokuapp.com", "vercel.app",
            "netlify.app", "aliyuncs.com", "alicdn.com", "myqcloud.com", "cdn77.org", "b-cdn.net",
            "digitaloceanspaces.com", "linodeobjects.com", "ntp.org", "apple.com", "icloud.com",
            "dns.google", "quad9.net", "yandex.net", "yandex.ru", "mail.ru");

    private SharedPlatforms() {}

    /** The shared platform that {@code domain} equals or is a parent of, if any. */
    public static Optional<String> coveredBy(String domain) {
        return SUFFIXES.stream().filter(p -> DomainNames.within(p, domain)).findFirst();
    }
}
