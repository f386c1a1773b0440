package org.camsink.report.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromedriver, headless, with a fresh profile directory, for the
 * browser tests of the resolver's status page and the analyst dashboard. The binaries are found through
 * {@code CAMSINK_CHROMIUM} and {@code CAMSINK_CHROMEDRIVER}, then {@code /usr/bin}; both paths are given to
 * Selenium explicitly so that it never tries to download a browser or driver. When one is missing the test
 * fails with the Debian package to install.
 */
public final class HeadlessChromium implements AutoCloseable {

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    public static HeadlessChromium start() throws IOException {
        Path chromium = find("CAMSINK_CHROMIUM", "chromium", "/usr/bin/chromium", "/usr/lib/chromium/chromium");
        Path chromedriver = find("CAMSINK_CHROMEDRIVER", "chromium-driver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", chromedriver.toString());
        Path profile = Files.createTempDirectory("camsink-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1280,1100", "--disable-dev-shm-usage", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
            return new HeadlessChromium(service, driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    private static Path find(String env, String debianPackage, String... usual) {
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new AssertionError(env + "=" + fromEnv + " is not an executable file; install the Debian package '"
                    + debianPackage + "' (apt-get install chromium chromium-driver) or fix the variable");
        }
        for (String u : usual) {
            Path p = Path.of(u);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("browser tests need " + usual[0] + ": install the Debian packages 'chromium' and "
                + "'chromium-driver' (apt-get install chromium chromium-driver; ./camsink test does this), or set " + env);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the whole current page (the window grows to fit it, up to 4000 px) to {@code file}, creating its directory. */
    public Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Object height = driver.executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        if (height instanceof Number n) {
            driver.manage().window().setSize(new Dimension(1280, Math.min(4000, Math.max(600, n.intValue() + 140))));
        }
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(file, png);
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
