package org.camsink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs AWS's CloudFormation linter, cfn-lint (which expands the SAM transform with aws-sam-translator and checks
 * every resource against the CloudFormation schemas, offline), over template.yaml. A broken copy of the template
 * is linted in the same run, so the test also proves the linter really reports errors here.
 */
class CfnLintTest {
    @Test
    void templateLintsCleanAndABrokenCopyDoesNot(@TempDir Path tmp) throws Exception {
        Path template = Paths.template();
        String text = Files.readString(template);
        String broken = text.replace("Runtime: java21", "Runtime: java99")
                .replace("Ref: StatsTable\n", "Ref: StatsTabel\n");
        assertThat(broken).isNotEqualTo(text);
        Path brokenFile = tmp.resolve("broken.yaml");
        Files.writeString(brokenFile, broken);

        Process p = new ProcessBuilder(cfnLint(), "--format", "parseable", "--", template.toString(),
                brokenFile.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("cfn-lint did not finish within 180 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("cfn-lint findings on template.yaml")
                .noneMatch(l -> l.startsWith(template.toString()));
        assertThat(lines).as("cfn-lint must flag the broken copy (unknown runtime, dangling Ref)")
                .anyMatch(l -> l.startsWith(brokenFile.toString()) && l.contains("E3030"))
                .anyMatch(l -> l.startsWith(brokenFile.toString()) && l.contains("StatsTabel"));
        assertThat(p.exitValue()).as("exit status with errors in the broken copy").isNotZero();
    }

    /**
     * cfn-lint from $CAMSINK_CFN_LINT, else where pip, pipx and pyenv put it, else from PATH; fails naming the
     * package when missing.
     */
    static String cfnLint() {
        Path home = Path.of(System.getProperty("user.home"));
        return ExternalTool.find("CAMSINK_CFN_LINT", "cfn-lint",
                List.of(home.resolve(".local/bin/cfn-lint"), home.resolve(".pyenv/shims/cfn-lint")),
                "install the Python package cfn-lint (pipx install cfn-lint, or pip install cfn-lint)");
    }
}
