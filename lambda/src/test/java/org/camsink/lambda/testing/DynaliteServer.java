package org.camsink.lambda.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camsink.lambda.local.DynaliteLocator;
import org.camsink.lambda.local.DynaliteProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real dynalite on 127.0.0.1 (a free port, in memory) for the whole test run, found as the local runner
 * finds it ({@code $CAMSINK_DYNALITE}, {@code <repo>/.tools}, {@code $PATH}). Fails, naming the npm package, when
 * it is missing. A test method or lifecycle method gets the endpoint as a {@link URI} parameter. Tests isolate
 * themselves with fresh table names ({@link TestBackend}).
 */
public final class DynaliteServer implements BeforeAllCallback, ParameterResolver {
    private static final Object LOCK = new Object();

    @Override
    public void beforeAll(ExtensionContext context) {
        endpoint(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return endpoint(context);
    }

    /** The endpoint, starting the server on first use; it is stopped when the test run ends. */
    public static URI endpoint(ExtensionContext context) {
        synchronized (LOCK) {
            Running running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
            return running.process.endpoint();
        }
    }

    private static Running start() {
        Path executable = DynaliteLocator.find(System.getenv())
                .orElseThrow(() -> new AssertionError(DynaliteLocator.missingMessage()));
        try {
            Path log = Files.createTempFile("camsink-test-dynalite", ".log");
            return new Running(DynaliteProcess.start(executable, log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dynalite from " + executable, e);
        }
    }

    /** Closed by JUnit at the end of the run. */
    private record Running(DynaliteProcess process) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }
}
