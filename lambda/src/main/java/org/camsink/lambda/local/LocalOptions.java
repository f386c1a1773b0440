package org.camsink.lambda.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camsink.lambda.config.ReleaseConfig;
import org.camsink.lambda.token.TokenConfig;

/**
 * Options of the local runner.
 *
 * @param port            TCP port on 127.0.0.1; 0 picks a free one
 * @param dynamodb        an existing DynamoDB-compatible endpoint, or null to start dynalite
 * @param aggregateEvery  the aggregation timer
 * @param inlineAggregate also aggregate right after each accepted report (coalesced on one thread)
 * @param k               the k-anonymity threshold
 * @param clock           the clock of ingest (its accepted-day window), of releases and of the stats defaults
 * @param release         bounds, privacy parameters and release delay (from the environment, as in Lambda)
 * @param keyFile         the issuer key ring; null for {@code issuer-keys.json} in the data folder (made if missing)
 * @param tokensPerBlock  tokens issued per address block per UTC day
 */
public record LocalOptions(int port, URI dynamodb, Duration aggregateEvery, boolean inlineAggregate, int k,
                           String reportsTable, String statsTable, Clock clock, ReleaseConfig release, Path keyFile,
                           int tokensPerBlock) {

    public static final String USAGE = """
            Usage: LocalRunner keys FILE   (create or rotate an issuer key ring file)
                   LocalRunner [--port 8080] [--dynamodb URL] [--aggregate-every 5s] [--no-inline-aggregate] [--k 5]
                               [--release-delay-hours 24] [--key-file FILE] [--tokens-per-block 96]
              --port N              port on 127.0.0.1 (0 = a free port; the URL is printed)
              --dynamodb URL        use this DynamoDB-compatible endpoint instead of starting dynalite
              --aggregate-every D   aggregation timer, written 500ms, 5s, 10m or 1h (default 5s)
              --no-inline-aggregate only aggregate on the timer, not after each accepted report
              --k N                 never publish cells with fewer than N installations (default: $K_ANONYMITY or 5)
              --release-delay-hours N  publish a day N hours after it ends; reports for it are taken until then
                                    (default: $RELEASE_DELAY_HOURS or 24; 0 publishes a day right after midnight UTC)
              --key-file FILE       the token issuer's key ring (default: issuer-keys.json in the data folder,
                                    generated when missing, rotated when due)
              --tokens-per-block N  tokens issued per IPv4 /24 or IPv6 /48 per UTC day (default 96)
            Environment: REPORTS_TABLE, STATS_TABLE (default camsink-reports, camsink-stats), K_ANONYMITY,
              DP_EPSILON, DP_DELTA, MAX_ROWS_PER_DAY, CLIP_QUERIES, CLIP_CLIENTS, MAX_CELL_ROWS, RELEASE_DELAY_HOURS,
              TOKENS_PER_BLOCK_PER_DAY,
              CAMSINK_DYNALITE (the dynalite executable), CAMSINK_DATA (where dynalite is installed when missing).""";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    public static LocalOptions defaults(Map<String, String> env) {
        String k = env.getOrDefault("K_ANONYMITY", "5");
        return new LocalOptions(8080, null, Duration.ofSeconds(5), true, parseInt("K_ANONYMITY", k),
                env.getOrDefault("REPORTS_TABLE", "camsink-reports"), env.getOrDefault("STATS_TABLE", "camsink-stats"),
                Clock.systemUTC(), ReleaseConfig.fromEnv(env), null, tokensPerBlock(env));
    }

    private static int tokensPerBlock(Map<String, String> env) {
        String v = env.get("TOKENS_PER_BLOCK_PER_DAY");
        return v == null || v.isBlank() ? TokenConfig.DEFAULT_PER_BLOCK_PER_DAY : parseInt("TOKENS_PER_BLOCK_PER_DAY", v);
    }

    public LocalOptions withKeyFile(Path file) {
        return new LocalOptions(port, dynamodb, aggregateEvery, inlineAggregate, k, reportsTable, statsTable, clock,
                release, file, tokensPerBlock);
    }

    public LocalOptions withTokensPerBlock(int perBlock) {
        return new LocalOptions(port, dynamodb, aggregateEvery, inlineAggregate, k, reportsTable, statsTable, clock,
                release, keyFile, perBlock);
    }

    /** Parses the command line; a bad argument throws {@link IllegalArgumentException} with a message for the user. */
    public static LocalOptions parse(String[] args, Map<String, String> env) {
        LocalOptions o = defaults(env);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--port" -> {
                    int port = parseInt("--port", value != null ? value : next(args, ++i, arg));
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0..65535");
                    }
                    o = o.withPort(port);
                }
                case "--dynamodb" -> {
                    String url = value != null ? value : next(args, ++i, arg);
                    URI uri = URI.create(url);
                    if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                        throw new IllegalArgumentException("--dynamodb must be an http(s) URL, such as http://127.0.0.1:4567");
                    }
                    o = new LocalOptions(o.port, uri, o.aggregateEvery, o.inlineAggregate, o.k, o.reportsTable,
                            o.statsTable, o.clock, o.release, o.keyFile, o.tokensPerBlock);
                }
                case "--aggregate-every" -> o = new LocalOptions(o.port, o.dynamodb,
                        duration(value != null ? value : next(args, ++i, arg)), o.inlineAggregate, o.k,
                        o.reportsTable, o.statsTable, o.clock, o.release, o.keyFile, o.tokensPerBlock);
                case "--no-inline-aggregate" -> o = o.withInlineAggregate(false);
                case "--key-file" -> o = o.withKeyFile(Path.of(value != null ? value : next(args, ++i, arg)));
                case "--tokens-per-block" -> {
                    int n = parseInt("--tokens-per-block", value != null ? value : next(args, ++i, arg));
                    if (n < 1) {
                        throw new IllegalArgumentException("--tokens-per-block must be 1 or more");
                    }
                    o = o.withTokensPerBlock(n);
                }
                case "--k" -> {
                    int k = parseInt("--k", value != null ? value : next(args, ++i, arg));
                    if (k < 1) {
                        throw new IllegalArgumentException("--k must be 1 or more");
                    }
                    o = o.withK(k);
                }
                case "--release-delay-hours" -> {
                    int hours = parseInt(arg, value != null ? value : next(args, ++i, arg));
                    if (hours < 0 || hours > ReleaseConfig.MAX_DELAY_HOURS) {
                        throw new IllegalArgumentException("--release-delay-hours must be 0 to " + ReleaseConfig.MAX_DELAY_HOURS);
                    }
                    o = o.withRelease(o.release.withDelayHours(hours));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return o;
    }

    public LocalOptions withPort(int newPort) {
        return new LocalOptions(newPort, dynamodb, aggregateEvery, inlineAggregate, k, reportsTable, statsTable, clock, release, keyFile, tokensPerBlock);
    }

    public LocalOptions withK(int newK) {
        return new LocalOptions(port, dynamodb, aggregateEvery, inlineAggregate, newK, reportsTable, statsTable, clock, release, keyFile, tokensPerBlock);
    }

    public LocalOptions withInlineAggregate(boolean inline) {
        return new LocalOptions(port, dynamodb, aggregateEvery, inline, k, reportsTable, statsTable, clock, release, keyFile, tokensPerBlock);
    }

    public LocalOptions withClock(Clock newClock) {
        return new LocalOptions(port, dynamodb, aggregateEvery, inlineAggregate, k, reportsTable, statsTable, newClock, release, keyFile, tokensPerBlock);
    }

    public LocalOptions withRelease(ReleaseConfig newRelease) {
        return new LocalOptions(port, dynamodb, aggregateEvery, inlineAggregate, k, reportsTable, statsTable, clock,
                newRelease, keyFile, tokensPerBlock);
    }

    public LocalOptions withDynamodb(URI endpoint) {
        return new LocalOptions(port, endpoint, aggregateEvery, inlineAggregate, k, reportsTable, statsTable, clock, release, keyFile, tokensPerBlock);
    }

    public LocalOptions withTables(String reports, String stats) {
        return new LocalOptions(port, dynamodb, aggregateEvery, inlineAggregate, k, reports, stats, clock, release, keyFile, tokensPerBlock);
    }

    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--aggregate-every takes a duration such as 500ms, 5s, 10m or 1h, not '"
                    + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.toMillis() < 100) {
            throw new IllegalArgumentException("--aggregate-every must be at least 100ms");
        }
        return d;
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
