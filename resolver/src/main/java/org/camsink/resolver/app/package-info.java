/**
 * Assembles and runs the resolver: {@link org.camsink.resolver.app.Resolver} binds the listeners, builds the
 * pipeline (the order lives in one function, {@code Engine.chain}) and swaps it on reload.
 */
package org.camsink.resolver.app;
