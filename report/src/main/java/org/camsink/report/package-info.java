/**
 * The hit-report wire contract ({@code camsink.report/1}) shared by the resolver, which writes reports,
 * and the backend, which validates and stores them: records, {@link org.camsink.report.ReportCodec},
 * {@link org.camsink.report.ReportValidator} and the JSON Schema {@code /camsink/report-1.schema.json}.
 */
package org.camsink.report;
