/**
 * Ed25519 signing and verification of list files, so a resolver can check lists it downloads: {@link
 * org.camsink.blocklists.sign.SignedVersion} signs a list's SHA-256 with a version and a date, so an older copy
 * cannot be replayed; {@link org.camsink.blocklists.sign.ListSignature} holds the keys and the older bare form.
 */
package org.camsink.blocklists.sign;
