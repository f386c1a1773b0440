/** The {@code camsink lists} command and its subcommands. */
package org.camsink.blocklists.cli;
