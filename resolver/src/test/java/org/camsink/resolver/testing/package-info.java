/**
 * Test fixtures shared by every resolver test: a real Unbound upstream ({@link org.camsink.resolver.testing.UnboundUpstream}),
 * a scripted fake upstream for faults Unbound will not produce ({@link org.camsink.resolver.testing.ScriptedUpstream}),
 * an upstream of 60 KB answers and silent names for floods ({@link org.camsink.resolver.testing.BigAnswerUpstream}),
 * a plain client ({@link org.camsink.resolver.testing.DnsClient}) and a resolver started from YAML on ephemeral
 * ports ({@link org.camsink.resolver.testing.TestResolver}), and {@link org.camsink.resolver.testing.Fixtures} to close them.
 */
package org.camsink.resolver.testing;
