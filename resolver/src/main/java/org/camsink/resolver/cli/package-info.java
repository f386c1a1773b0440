/** The {@code camsink} command line (picocli): one class per subcommand. */
package org.camsink.resolver.cli;
