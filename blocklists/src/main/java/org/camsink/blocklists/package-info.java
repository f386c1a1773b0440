/** The camera-vendor catalogue and the exporters that compile it for other resolvers and routers. */
package org.camsink.blocklists;
