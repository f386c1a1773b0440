package org.camsink.resolver.pipeline;

/** How a query reached us; decides truncation and which limits apply. */
public enum Transport { UDP, TCP }
