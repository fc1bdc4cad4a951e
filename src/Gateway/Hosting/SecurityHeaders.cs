namespace Live.Gateway.Hosting;

/// <summary>
/// Security headers on every response: a Content-Security-Policy without inline script or style, no framing, no MIME
/// sniffing, no Referer, and a Permissions-Policy that lets only the pages that capture media (the host console and
/// the guest page) use the camera, the microphone and screen capture.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles from this origin only (the pages load theirs from js/ and css/); images also from https
    /// (product cards show the shop's images) and data URLs; the hub's WebSocket is same-origin ('self', CSP Level 3).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The pages that capture media: the host console, the respondents' and customers' page and "test my setup".</summary>
    public static readonly string[] CapturePages = ["/host.html", "/join.html", "/check.html"];

    public const string CapturePolicy = "camera=(self), microphone=(self), display-capture=(self), geolocation=(), usb=(), payment=()";

    public const string NoCapturePolicy = "camera=(), microphone=(), display-capture=(), geolocation=(), usb=(), payment=()";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            var path = http.Request.Path;
            var capture = CapturePages.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = capture ? CapturePolicy : NoCapturePolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
