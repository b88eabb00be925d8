package cn.ebike.systemtests.harness;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the suite once for the whole run (kept in the root store, closed by JUnit at the very end,
 * also when tests fail) and hands it to test classes as a parameter.
 */
public class SuiteExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SuiteExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Suite.class || type == Api.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running r = running(context);
        return parameter.getParameter().getType() == Suite.class ? r.suite : r.api;
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NS).computeIfAbsent("suite", k -> {
            long t0 = System.nanoTime();
            Suite suite = new Suite();
            Thread killer = new Thread(suite::close, "system-tests-suite-stop");
            Runtime.getRuntime().addShutdownHook(killer);
            try {
                suite.start();
            } catch (RuntimeException e) {
                suite.close();
                throw e;
            }
            Summary.line("suite started: 4 services on free ports in %.1f s (gateway %s)",
                    (System.nanoTime() - t0) / 1e9, suite.gatewayUrl());
            return new Running(suite, new Api(suite));
        }, Running.class);
    }

    /** What the root store closes after the last test. */
    static final class Running implements AutoCloseable {
        final Suite suite;
        final Api api;

        Running(Suite suite, Api api) {
            this.suite = suite;
            this.api = api;
        }

        @Override
        public void close() {
            suite.close();
            Summary.print();
        }
    }
}
