/**
 * The network side: {@link org.camsink.resolver.server.DnsServer} binds UDP and TCP listeners on every
 * configured address, and {@link org.camsink.resolver.server.QueryService} applies the DNS protocol rules
 * (FORMERR, NOTIMP, BADVERS, EDNS, truncation) around the pipeline. Repeated UDP questions that the pipeline
 * answered from its cache are answered again on the receiving thread from finished bytes
 * ({@link org.camsink.resolver.server.HotAnswers}), after the same access checks ({@link org.camsink.resolver.server.AnswerGate}),
 * and so are questions for blocked names, through the gate's {@link org.camsink.resolver.server.BlockWriter}.
 */
package org.camsink.resolver.server;
