package org.camsink.resolver.config;

/**
 * A configuration problem, located by file, line and dotted key path.
 * The message is meant for the person who wrote the file.
 */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;
    private final String key;
    private final String problem;

    public ConfigException(String file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<config>" : file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String file() { return file; }

    /** 1-based line, or 0 when the problem is not tied to a line. */
    public int line() { return line; }

    /** Dotted key path such as {@code cache.maxTtl} or {@code lists[1].action}. */
    public String key() { return key; }

    public String problem() { return problem; }
}
