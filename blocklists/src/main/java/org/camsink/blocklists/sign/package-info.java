/** Ed25519 signing and verification of list files, so a resolver can check lists it downloads. */
package org.camsink.blocklists.sign;
