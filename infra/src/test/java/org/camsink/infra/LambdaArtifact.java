package org.camsink.infra;

import java.nio.file.Path;

/** The deployable lambda jar, as the template's CodeUri names it (resolved relative to infra/). */
final class LambdaArtifact {
    private LambdaArtifact() {
    }

    static Path jar() {
        Template t = Template.load();
        String first = t.functions().get(0);
        return Paths.infra().resolve(t.functionProperties(first).path("CodeUri").asText()).normalize();
    }
}
