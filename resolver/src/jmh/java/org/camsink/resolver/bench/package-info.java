/**
 * JMH microbenchmarks for the resolver's hot paths. Built only with the {@code bench} Maven profile into
 * {@code resolver/target/benchmarks.jar}; see bench/README.md for the command and how to read the figures.
 */
package org.camsink.resolver.bench;
