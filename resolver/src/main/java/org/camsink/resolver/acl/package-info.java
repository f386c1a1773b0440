/**
 * Access control: who may ask ({@link org.camsink.resolver.acl.ClientAcl}) and how fast
 * ({@link org.camsink.resolver.acl.RateLimiter}), each as a pipeline handler.
 */
package org.camsink.resolver.acl;
