using System.Text.Json;
using System.Text.Json.Nodes;

namespace KvmPve.Simulator.PiKvm;

/// <summary>kvmd's JSON envelope: <c>{"ok": true, "result": …}</c> and <c>{"ok": false, "result": {"error", "error_msg"}}</c>.</summary>
internal static class KvmdResponse
{
    // Python's json.dumps writes quotes and apostrophes as they are.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Ok(HttpContext context, JsonNode? result = null)
    {
        var body = new JsonObject { ["ok"] = true, ["result"] = result ?? new JsonObject() };
        return Write(context, 200, body);
    }

    public static Task Error(HttpContext context, int status, string errorClass, string message)
    {
        var body = new JsonObject
        {
            ["ok"] = false,
            ["result"] = new JsonObject { ["error"] = errorClass, ["error_msg"] = message },
        };
        return Write(context, status, body);
    }

    /// <summary>kvmd's validator message for a value outside what a parameter takes.</summary>
    public static Task Invalid(HttpContext context, string value, string what) =>
        Error(context, 400, "ValidatorError", $"The argument '{value}' must be {what}");

    /// <summary>An unhandled error as kvmd's aiohttp answers it: plain text, not the JSON envelope.</summary>
    public static Task PlainError(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }

    private static Task Write(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(Json));
    }
}
