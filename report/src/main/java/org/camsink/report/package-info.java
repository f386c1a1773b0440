/**
 * The hit-report wire contract ({@code camsink.report/1}) shared by the resolver, which writes reports,
 * and the backend, which validates and stores them.
 */
package org.camsink.report;
