package org.camsink.resolver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The camsink version, from the build. */
public final class Version implements IVersionProvider {
    private static final String VERSION = load();

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/camsink/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    public static String current() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"camsink " + VERSION};
    }
}
