/**
 * The local admin server: the household status page, its JSON API, Prometheus {@code /metrics} and
 * {@code /health}. It listens only on {@code admin.listen}, serves only its own files and sends nothing
 * anywhere. {@link org.camsink.resolver.admin.Admin} wires it together; {@link org.camsink.resolver.admin.Metrics}
 * and {@link org.camsink.resolver.admin.DeviceTable} are the query listeners that feed it.
 */
package org.camsink.resolver.admin;
