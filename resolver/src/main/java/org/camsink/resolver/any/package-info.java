/**
 * Queries of type ANY, answered as RFC 8482 lets a server answer them: with one small synthesized record instead
 * of everything known about the name ({@link org.camsink.resolver.any.AnyHandler}).
 */
package org.camsink.resolver.any;
