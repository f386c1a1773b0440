package org.camsink.resolver.cache;

import org.xbill.DNS.Name;

/**
 * What an answer is cached under. {@link Name} compares case-insensitively, so {@code WWW.Example.org} and
 * {@code www.example.org} share an entry. The DO bit is part of the key because answers with and without
 * DNSSEC records differ, and the CD bit because a validating upstream answers a CD=1 query with data it would
 * refuse (SERVFAIL) to a CD=0 one: a client that asked for validation must never get an answer that skipped it.
 * EDNS options such as cookies never are.
 */
public record CacheKey(Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {}
