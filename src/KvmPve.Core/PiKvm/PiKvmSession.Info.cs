using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve
{
    public sealed partial class PiKvmSession
    {
        /// <summary><c>GET /api/info</c>, all sections or the <paramref name="fields"/> named (checked before the request).</summary>
        internal async Task<PiKvmInfo> GetInfoAsync(IEnumerable<string>? fields, CancellationToken cancellationToken)
        {
            string[] valid = PiKvmInfoFields.Validate(fields);
            KeyValuePair<string, string>[]? query = valid.Length == 0 ? null : new[] { Pair("fields", string.Join(",", valid)) };
            JsonElement result = await GetAsync("/api/info", cancellationToken, query).ConfigureAwait(false);
            PiKvmInfo info = PiKvmInfo.FromResult(result, Client.Build);
            info.Session = this;
            return info;
        }
    }
}
