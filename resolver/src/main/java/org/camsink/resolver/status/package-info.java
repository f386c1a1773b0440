/** Read-only status views that the engine, the lists and telemetry expose to the admin server. */
package org.camsink.resolver.status;
