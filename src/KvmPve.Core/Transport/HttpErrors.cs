using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve.Transport
{
    /// <summary>The error table of design.md: HTTP status to error kind and id suffix, shared by both APIs.</summary>
    public static class HttpErrors
    {
        private const int MaxErrorBody = 64 * 1024;

        public static ErrorKind KindFor(int status) => status switch
        {
            400 => ErrorKind.InvalidArgument,
            401 => ErrorKind.AuthenticationError,
            403 => ErrorKind.PermissionDenied,
            404 => ErrorKind.ObjectNotFound,
            409 => ErrorKind.ResourceBusy,
            _ when status >= 500 => ErrorKind.ResourceUnavailable,
            _ => ErrorKind.InvalidResult,
        };

        public static string IdSuffixFor(int status) => status switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            409 => "Busy",
            503 => "Unavailable",
            _ when status >= 500 => "ServerError",
            _ => "UnexpectedStatus",
        };

        /// <summary>The start of an error body as text, whatever its type; error bodies are small, so reading is bounded.</summary>
        public static async Task<string> ReadTextAsync(HttpResponseMessage response)
        {
            if (response.Content == null)
            {
                return string.Empty;
            }

            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBody];
                int total = 0, read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer, total, buffer.Length - total).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return Encoding.UTF8.GetString(buffer, 0, total).Trim();
            }
        }
    }
}
