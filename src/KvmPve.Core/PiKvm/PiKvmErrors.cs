using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using KvmPve.Errors;
using KvmPve.Transport;

namespace KvmPve.PiKvm
{
    /// <summary>kvmd's answers that are not 2xx, as errors with kvmd's own text: a JSON envelope or plain text.</summary>
    internal static class PiKvmErrors
    {
        public static async Task<KvmPveException> FromResponseAsync(HttpResponseMessage response, string server, string method, string path)
        {
            int status = (int)response.StatusCode;
            string body = await HttpErrors.ReadTextAsync(response).ConfigureAwait(false);
            (string? errorClass, string? errorText) = ParseEnvelope(body);
            string detail = errorText ?? (body.Length > 0 ? FirstLines(body) : response.ReasonPhrase ?? string.Empty);

            ErrorKind kind = (errorClass != null ? KvmdErrorClasses.KindOf(errorClass) : null) ?? HttpErrors.KindFor(status);
            string id = errorClass != null ? KvmdErrorClasses.IdOf(errorClass) : "PiKvm" + HttpErrors.IdSuffixFor(status);
            string advice = errorClass == "MsdConnectedError" ? " Dismount-PiKvmMsdImage disconnects the drive first." : string.Empty;
            if (status == 401)
            {
                advice = " Connect again with Connect-PiKvm.";
            }
            else if (status == 403)
            {
                // kvmd answers 403 to credentials that are present but wrong, not to missing privileges.
                kind = ErrorKind.AuthenticationError;
                id = "PiKvmAuthenticationFailed";
                advice = " The user name, password or TOTP code was refused, or the session was ended by a logout elsewhere. Connect again with Connect-PiKvm.";
            }

            string name = errorClass != null ? $"{errorClass}: " : string.Empty;
            return new KvmPveException(kind, id,
                $"PiKVM {server} answered {status} {response.ReasonPhrase} to {method} {path}: {name}{detail}{advice}", status, errorClass);
        }

        /// <summary>Reads <c>{"ok": false, "result": {"error", "error_msg"}}</c>; anything else gives nulls.</summary>
        internal static (string? ErrorClass, string? Message) ParseEnvelope(string body)
        {
            if (body.Length == 0 || body[0] != '{')
            {
                return (null, null);
            }

            try
            {
                using (JsonDocument document = JsonDocument.Parse(body))
                {
                    JsonElement root = document.RootElement;
                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("result", out JsonElement result) && result.ValueKind == JsonValueKind.Object)
                    {
                        string? errorClass = result.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                        string? message = result.TryGetProperty("error_msg", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                        return (errorClass, message);
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the caller shows the text.
            }

            return (null, null);
        }

        private static string FirstLines(string text) => text.Length <= 500 ? text : text.Substring(0, 500) + "…";
    }
}
