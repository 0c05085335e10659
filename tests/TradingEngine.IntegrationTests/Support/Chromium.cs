using Microsoft.Playwright;

namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// Debian's <c>chromium</c> (installed by <c>./run.sh test</c>, tests/services.sh) driven by Playwright: no browser
/// download. Missing chromium fails the test under <c>CI=true</c> and skips it elsewhere, saying how to install it.
/// Also the checks every browser test shares: console errors collected, screenshots saved and checked non-blank.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string DefaultPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: artifacts/screenshots under the repository (gitignored; docs/ holds the committed ones).</summary>
    public static string ScreenshotDirectory => Path.Combine(TestData.RepositoryRoot(), "artifacts", "screenshots");

    public static async Task<Chromium> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("TE_CHROMIUM") ?? DefaultPath;
        if (!File.Exists(path))
        {
            var message = $"chromium not found at {path} (apt-get install chromium, as ./run.sh test does; or set TE_CHROMIUM)";
            if (Services.InCi)
                Assert.Fail(message);
            Assert.Skip(message);
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A page of <paramref name="width"/>×<paramref name="height"/> whose console errors and uncaught exceptions land in <paramref name="errors"/>.</summary>
    public async Task<IPage> NewPageAsync(List<string> errors, int width = 1280, int height = 900)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                lock (errors)
                    errors.Add($"console error: {m.Text} ({m.Location})");
            }
        };
        page.PageError += (_, e) =>
        {
            lock (errors)
                errors.Add($"page error: {e}");
        };
        return page;
    }

    /// <summary>
    /// Saves a screenshot as <paramref name="name"/>.png in <see cref="ScreenshotDirectory"/> and returns the number of
    /// distinct colours in it (counted by the browser from the PNG itself): a blank or single-colour page gives 1–2.
    /// </summary>
    public static async Task<(string Path, int Colours)> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = System.IO.Path.Combine(ScreenshotDirectory, name + ".png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        var colours = await page.EvaluateAsync<int>("""
            async (b64) => {
              const img = new Image();
              img.src = 'data:image/png;base64,' + b64;
              await img.decode();
              const c = document.createElement('canvas');
              c.width = img.width; c.height = img.height;
              const ctx = c.getContext('2d');
              ctx.drawImage(img, 0, 0);
              const d = ctx.getImageData(0, 0, c.width, c.height).data;
              const seen = new Set();
              for (let i = 0; i < d.length && seen.size < 5000; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
              return seen.size;
            }
            """, Convert.ToBase64String(png));
        return (path, colours);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
