/** Country address ranges built offline from an RIR delegated-extended statistics file. */
package org.camsink.blocklists.country;
