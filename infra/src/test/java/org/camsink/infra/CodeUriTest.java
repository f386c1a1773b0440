package org.camsink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every function's CodeUri is the shaded jar that the lambda module's build writes: the path is resolved
 * against infra/, compared with the finalName in lambda/pom.xml and the shade plugin's settings, and the jar
 * itself (built earlier in the same reactor) is opened to see that it carries its dependencies.
 */
class CodeUriTest {
    private final Template t = Template.load();

    @Test
    void codeUriIsTheShadedJarTheLambdaBuildProduces() throws Exception {
        Path expected = Paths.root().resolve("lambda/target/" + lambdaFinalName() + ".jar").normalize();
        Set<Path> codeUris = new TreeSet<>();
        for (String fn : t.functions()) {
            // `aws cloudformation package` uploads only a CodeUri set on the resource itself, not one in Globals.
            JsonNode uri = t.resource(fn).path("Properties").path("CodeUri");
            assertThat(uri.isTextual()).as("%s has its own CodeUri, a local path that package uploads", fn).isTrue();
            codeUris.add(Paths.infra().resolve(uri.asText()).normalize());
            // `sam build` cannot build from a jar; SkipBuild makes it copy the prebuilt artifact.
            assertThat(t.resource(fn).path("Metadata").path("SkipBuild").asBoolean()).as("%s SkipBuild", fn).isTrue();
        }
        assertThat(codeUris).containsExactly(expected);
        assertThat(t.root.path("Globals").path("Function").has("CodeUri")).isFalse();
    }

    @Test
    void theArtifactExistsAndIsSelfContained() throws Exception {
        Path jar = LambdaArtifact.jar();
        assertThat(jar).as("built by the lambda module before infra's tests run").isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getEntry("software/amazon/awssdk/services/dynamodb/DynamoDbClient.class"))
                    .as("AWS SDK shaded in").isNotNull();
            assertThat(j.getEntry("com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent.class"))
                    .as("Lambda events shaded in").isNotNull();
            assertThat(j.getEntry("org/apache/http/client/HttpClient.class"))
                    .as("the Apache HTTP client is excluded; the URLConnection client is used").isNull();
        }
        assertThat(Files.size(jar)).as("below Lambda's 50 MB direct-upload limit").isLessThan(50L << 20);
    }

    /** The lambda module's build/finalName, checked to be the name the shade plugin writes to. */
    static String lambdaFinalName() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = f.newDocumentBuilder().parse(Paths.root().resolve("lambda/pom.xml").toFile());
        Element build = child(pom.getDocumentElement(), "build");
        assertThat(build).as("lambda/pom.xml has a <build>").isNotNull();
        Element finalName = child(build, "finalName");
        assertThat(finalName).as("lambda/pom.xml sets build/finalName").isNotNull();

        Element shade = null;
        Element plugins = child(build, "plugins");
        NodeList list = plugins == null ? null : plugins.getElementsByTagName("plugin");
        for (int i = 0; list != null && i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            Element artifact = child(p, "artifactId");
            if (artifact != null && artifact.getTextContent().trim().equals("maven-shade-plugin")) {
                shade = p;
            }
        }
        assertThat(shade).as("lambda/pom.xml builds its jar with maven-shade-plugin").isNotNull();
        for (String setting : new String[] {"shadedArtifactAttached", "outputFile", "finalName"}) {
            NodeList found = shade.getElementsByTagName(setting);
            boolean renames = found.getLength() > 0
                    && !(setting.equals("shadedArtifactAttached") && found.item(0).getTextContent().trim().equals("false"));
            assertThat(renames).as("shade's %s would write the jar under another name", setting).isFalse();
        }
        return finalName.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
