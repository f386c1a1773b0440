/**
 * Tests that tie infra/template.yaml to the lambda code it deploys: handler names and event types, tables and
 * key schemas, the exact DynamoDB actions each function calls (recorded against a real dynalite), the CodeUri
 * artifact, the operational settings, and a run of cfn-lint over the template.
 */
package org.camsink.infra;
