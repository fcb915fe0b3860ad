using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;

namespace KvmPve.Simulator.Pve;

/// <summary>pve-http-server's answers: <c>{"data": …}</c>, errors with the text in the status line and (since 2025) in "message".</summary>
internal static class PveResponse
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Data(HttpContext context, JsonNode? data) => Write(context, 200, "OK", new JsonObject { ["data"] = data });

    public static Task Error(HttpContext context, int status, string reason, JsonObject? errors = null)
    {
        var body = new JsonObject { ["data"] = null, ["message"] = reason + "\n" };
        if (errors != null)
        {
            body["errors"] = errors;
        }

        return Write(context, status, reason, body);
    }

    private static Task Write(HttpContext context, int status, string reason, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = reason;
        context.Response.ContentType = "application/json;charset=UTF-8";
        return context.Response.WriteAsync(body.ToJsonString(Json));
    }
}
