/** The hook through which {@code lists check} reads list formats whose parsers live in the resolver. */
package org.camsink.blocklists.check;
