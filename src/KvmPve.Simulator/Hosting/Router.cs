namespace KvmPve.Simulator.Hosting;

/// <summary>
/// Exact-path routing with the answers aiohttp gives for what is not routed: plain-text 404 and 405, and a 308
/// for a trailing slash.
/// </summary>
internal sealed class Router
{
    private readonly Dictionary<string, Dictionary<string, RequestDelegate>> _routes = new(StringComparer.Ordinal);

    public void Map(string method, string path, RequestDelegate handler)
    {
        if (!_routes.TryGetValue(path, out var methods))
        {
            _routes[path] = methods = new Dictionary<string, RequestDelegate>(StringComparer.OrdinalIgnoreCase);
        }

        methods[method] = handler;
    }

    public bool Owns(PathString path, string prefix) => path.StartsWithSegments(prefix, StringComparison.Ordinal);

    public async Task DispatchAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "/";
        if (!_routes.TryGetValue(path, out var methods))
        {
            string trimmed = path.TrimEnd('/');
            if (trimmed.Length > 0 && trimmed != path && _routes.ContainsKey(trimmed))
            {
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = trimmed + context.Request.QueryString;
                return;
            }

            await PlainText(context, 404, "404: Not Found");
            return;
        }

        if (!methods.TryGetValue(context.Request.Method, out var handler))
        {
            context.Response.Headers.Allow = string.Join(", ", methods.Keys);
            await PlainText(context, 405, "405: Method Not Allowed");
            return;
        }

        await handler(context);
    }

    public static Task PlainText(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
