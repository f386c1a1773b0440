package org.camsink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every function's Handler names a class and method that the deployed jar really has, loaded from that jar alone
 * (so a class missing from the shaded artifact fails here, not in Lambda), with the event type that its event
 * source delivers: an HTTP API (payload 2.0) sends APIGatewayV2HTTPEvent and expects APIGatewayV2HTTPResponse,
 * an EventBridge schedule sends ScheduledEvent.
 */
class HandlerContractTest {
    private static final String EVENTS = "com.amazonaws.services.lambda.runtime.events.";
    private static final Map<String, String> EVENT_TYPE = Map.of(
            "HttpApi", EVENTS + "APIGatewayV2HTTPEvent",
            "Schedule", EVENTS + "ScheduledEvent");
    private static final Map<String, String> RESPONSE_TYPE = Map.of(
            "HttpApi", EVENTS + "APIGatewayV2HTTPResponse");

    private final Template t = Template.load();

    @Test
    void everyHandlerExistsInTheArtifactWithTheEventTypeOfItsSource() throws Exception {
        assertThat(t.functions()).hasSize(4);
        try (URLClassLoader jar = new URLClassLoader(new URL[] {LambdaArtifact.jar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String fn : t.functions()) {
                String handler = t.functionProperties(fn).path("Handler").asText();
                assertThat(handler).as("%s Handler is class::method", fn).matches("[\\w.$]+::\\w+");
                String className = handler.substring(0, handler.indexOf("::"));
                String methodName = handler.substring(handler.indexOf("::") + 2);
                String source = eventSource(fn);

                Class<?> cls = Class.forName(className, false, jar);
                assertThat(Modifier.isPublic(cls.getModifiers()) && !Modifier.isAbstract(cls.getModifiers()))
                        .as("%s is a public concrete class", className).isTrue();
                Constructor<?> noArg = cls.getConstructor();
                assertThat(Modifier.isPublic(noArg.getModifiers())).as("Lambda needs a public no-arg constructor")
                        .isTrue();

                Method m = Arrays.stream(cls.getMethods())
                        .filter(x -> x.getName().equals(methodName) && !x.isBridge() && !x.isSynthetic())
                        .filter(x -> x.getParameterCount() == 2
                                && x.getParameterTypes()[1].getName().equals("com.amazonaws.services.lambda.runtime.Context"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(className + " has no public " + methodName
                                + "(event, Context)"));
                assertThat(m.getParameterTypes()[0].getName()).as("%s %s event type for %s events", fn, methodName,
                        source).isEqualTo(EVENT_TYPE.get(source));
                if (RESPONSE_TYPE.containsKey(source)) {
                    assertThat(m.getReturnType().getName()).as("%s response type", fn)
                            .isEqualTo(RESPONSE_TYPE.get(source));
                }
                assertRequestHandlerTypeArgument(cls, EVENT_TYPE.get(source));
            }
        }
    }

    @Test
    void httpApiRoutesUseThePayloadVersionTheHandlersRead() {
        for (String fn : t.functions()) {
            for (JsonNode e : t.events(fn).values()) {
                if (e.path("Type").asText().equals("HttpApi")) {
                    // SAM's default for HttpApi events is 2.0, the format of APIGatewayV2HTTPEvent.
                    assertThat(e.path("Properties").path("PayloadFormatVersion").asText("2.0")).as(fn).isEqualTo("2.0");
                }
            }
        }
    }

    /** The event source kind of a function; all its events must be of one kind the table above knows. */
    private String eventSource(String fn) {
        Set<String> kinds = new TreeSet<>();
        t.events(fn).values().forEach(e -> kinds.add(e.path("Type").asText()));
        assertThat(kinds).as("%s has events of one known kind", fn).hasSize(1);
        String kind = kinds.iterator().next();
        assertThat(EVENT_TYPE).containsKey(kind);
        return kind;
    }

    /**
     * When the class implements RequestHandler, the Lambda runtime deserialises the event into the interface's
     * first type argument, so that must be the expected event type too.
     */
    private static void assertRequestHandlerTypeArgument(Class<?> cls, String eventType) {
        for (Type i : cls.getGenericInterfaces()) {
            if (i instanceof ParameterizedType p
                    && p.getRawType().getTypeName().equals("com.amazonaws.services.lambda.runtime.RequestHandler")) {
                assertThat(p.getActualTypeArguments()[0].getTypeName()).as("%s RequestHandler<I, O>", cls.getName())
                        .isEqualTo(eventType);
            }
        }
    }
}
