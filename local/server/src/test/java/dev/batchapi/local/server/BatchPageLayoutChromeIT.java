package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What only a browser that lays pages out can tell (headless Chromium, the chrome profile): the page
 * at a phone's 375 px needs no sideways scrolling and shows nothing the page hides, its text has the
 * contrast it claims, and the keyboard's focus is visible.
 */
class BatchPageLayoutChromeIT {

    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    /** WCAG 2's minimum contrast for normal text (level AA). */
    private static final double MIN_CONTRAST = 4.5;
    /**
     * Each visible element with text of its own (but disabled controls, which WCAG exempts), its
     * colour blended onto the first opaque background behind it (white at the root), as WCAG 2
     * computes the ratio.
     */
    private static final String CONTRAST = """
            function rgb(css) { var m = css.match(/[\\d.]+/g).map(Number); return { c: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 }; }
            function luminance(c) { var l = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; }
            function background(e) { for (; e; e = e.parentElement) { var b = rgb(getComputedStyle(e).backgroundColor); if (b.a === 1) { return b.c; } }
              return [255, 255, 255]; }
            var out = [];
            document.querySelectorAll('body *').forEach(function (e) {
              var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
              if (!own || !e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') { return; }
              if (e.disabled) { return; }
              var back = background(e), fore = rgb(getComputedStyle(e).color);
              var f = luminance(fore.c.map(function (v, i) { return fore.a * v + (1 - fore.a) * back[i]; })), b = luminance(back);
              out.push({ element: e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''),
                text: e.textContent.trim().substring(0, 40), ratio: (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05) });
            });
            return out;
            """;

    @TempDir
    static Path dataDir;
    private static StackProcess stack;
    private static PageBrowser page;
    private static String id;

    @BeforeAll
    static void start() throws Exception {
        assertThat(PageBrowser.laysOut()).as("run with -Pchrome").isTrue();
        stack = StackProcess.start(Path.of("target", "batch-page-layout-it.log"), "--data-dir", dataDir.toString());
        StackClient client = new StackClient(stack.api(), "anonymous");
        id = (String) client.submitBatch("SPARK", "demo.SparkPi", DEMO_JAR, Map.of(), "2").get("id");
        client.awaitState(id, "FINISHED", new ArrayList<>());
        client.submitBatch("SPARK", "demo.SparkPi", "/nowhere/app.jar");
        page = PageBrowser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (page != null) {
            page.close();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void atAPhonesWidthNoViewNeedsSidewaysScrolling() {
        page.viewportWidth(375);
        try {
            for (String view : List.of("", "#new", "#batch=" + id)) {
                page.driver().get(stack.api() + "/ui" + view);
                awaitContent(view);
                assertThat(page.script("return window.innerWidth")).isEqualTo(375L);
                assertThat((Long) page.script("return document.documentElement.scrollWidth")).as("view %s", view)
                        .isLessThanOrEqualTo(375L);
                assertThat(page.driver().findElements(By.cssSelector("[hidden]"))).as("view %s", view)
                        .isNotEmpty().noneMatch(WebElement::isDisplayed);
                page.screenshot("phone" + (view.isEmpty() ? "-list" : view.startsWith("#batch") ? "-batch" : "-submit"));
            }
        } finally {
            page.desktopWidth();
        }
    }

    @Test
    void everyTextHasAContrastOfAtLeastFourAndAHalfToOne() {
        for (String view : List.of("", "#batch=" + id)) {
            page.driver().get(stack.api() + "/ui" + view);
            awaitContent(view);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> texts = (List<Map<String, Object>>) page.script(CONTRAST);
            assertThat(texts).as("elements with text in view %s", view).hasSizeGreaterThan(10);
            assertThat(texts).allSatisfy(text -> assertThat(((Number) text.get("ratio")).doubleValue())
                    .as("%s", text).isGreaterThanOrEqualTo(MIN_CONTRAST));
        }
    }

    @Test
    void theKeyboardReachesEveryControlAndItsFocusIsVisible() {
        page.driver().get(stack.api() + "/ui");
        awaitContent("");
        @SuppressWarnings("unchecked")
        List<WebElement> controls = (List<WebElement>) page.script("return Array.prototype.slice.call("
                + "document.querySelectorAll('#list a, #list input, #list select, #list button:not([disabled])'))");
        Set<WebElement> reached = new HashSet<>();
        // A date input takes a Tab per part (day, month, year, time): more Tabs than controls.
        for (int i = 0; i < 4 * controls.size() && !reached.containsAll(controls); i++) {
            page.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            // The page's own focus ring (Chromium's default would pass a weaker check).
            assertThat(page.script("var s = getComputedStyle(document.activeElement); return s.outlineStyle + ' '"
                    + " + s.outlineWidth + ' ' + s.outlineColor")).as("focus after %d Tabs", i + 1)
                    .isEqualTo("solid 3px rgb(11, 87, 208)");
            reached.add(page.driver().switchTo().activeElement());
        }
        assertThat(reached).as("reached by Tab").containsAll(controls);
    }

    private static void awaitContent(String view) {
        new WebDriverWait(page.driver(), Duration.ofSeconds(30), Duration.ofMillis(200)).until(view.startsWith("#batch")
                ? ExpectedConditions.textMatches(By.id("log"), Pattern.compile("(?s).+"))
                : view.isEmpty() ? ExpectedConditions.numberOfElementsToBe(By.cssSelector("#batches tbody tr"), 2)
                        : ExpectedConditions.visibilityOfElementLocated(By.id("submit-form")));
    }

}
