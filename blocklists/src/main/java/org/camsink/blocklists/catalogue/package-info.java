/** The camera-vendor catalogue: one {@link org.camsink.blocklists.catalogue.VendorList} per vendor, each entry with its public source. */
package org.camsink.blocklists.catalogue;
