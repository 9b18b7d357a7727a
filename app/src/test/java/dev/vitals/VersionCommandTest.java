package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.cli.VitalsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class VersionCommandTest {
    @Test
    void versionPrintsTheBuiltVersion() {
        StringWriter out = new StringWriter();
        var cli = VitalsCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("version");
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("vitals 0.1.0-SNAPSHOT");
    }
}
