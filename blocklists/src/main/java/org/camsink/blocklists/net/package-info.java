/** IP prefixes for catalogue CIDR entries and country ranges: strict parsing, canonical text, overlap tests. */
package org.camsink.blocklists.net;
