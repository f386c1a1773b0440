/**
 * The local runner: the same handlers over HTTP on 127.0.0.1, with dynalite started on demand
 * ({@code ./camsink backend}).
 */
package org.camsink.lambda.local;
