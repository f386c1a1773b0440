/**
 * The resolver chain: a {@link org.camsink.resolver.pipeline.Query} passes through
 * {@link org.camsink.resolver.pipeline.QueryHandler}s, each given the rest of the chain as
 * {@link org.camsink.resolver.pipeline.Next}, and comes back as a
 * {@link org.camsink.resolver.pipeline.Resolution} with a kind and a reason.
 */
package org.camsink.resolver.pipeline;
