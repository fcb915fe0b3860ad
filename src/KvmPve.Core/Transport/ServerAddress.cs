using System;
using System.Globalization;
using KvmPve.Errors;

namespace KvmPve.Transport
{
    /// <summary>The user's <c>-Server</c> text turned into a base URI: <c>host</c>, <c>host:port</c>, <c>https://host[:port]</c> or <c>http://…</c>.</summary>
    public sealed class ServerAddress
    {
        private ServerAddress(Uri baseUri)
        {
            BaseUri = baseUri;
        }

        /// <summary>Scheme, host and port, with a trailing slash and no path.</summary>
        public Uri BaseUri { get; }

        /// <summary>True for <c>http://</c>: credentials would cross the network in clear text.</summary>
        public bool IsPlainHttp => BaseUri.Scheme == Uri.UriSchemeHttp;

        /// <summary>Host and port as people write them, for messages.</summary>
        public string Display => BaseUri.IsDefaultPort ? BaseUri.Host : BaseUri.Host + ":" + BaseUri.Port.ToString(CultureInfo.InvariantCulture);

        /// <param name="defaultPort">The port when the text names none; null for the scheme's own (443 or 80).</param>
        public static ServerAddress Parse(string? server, int? defaultPort = null, string parameterName = "Server")
        {
            string text = (server ?? string.Empty).Trim();
            string hint = $"Use host, host:port or https://host[:port] (for example kvm.example.net, kvm.example.net:8443 or https://10.0.0.5).";
            if (text.Length == 0)
            {
                throw KvmPveException.Invalid("InvalidServer", $"The {parameterName} is empty. {hint}");
            }

            string withScheme = text.IndexOf("://", StringComparison.Ordinal) >= 0 ? text : "https://" + text;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.Host.Length == 0
                || !string.IsNullOrEmpty(uri.UserInfo)
                || (uri.AbsolutePath != "/" && uri.AbsolutePath.Length > 0)
                || uri.Query.Length > 0 || uri.Fragment.Length > 0
                || Uri.CheckHostName(uri.Host) == UriHostNameType.Unknown)
            {
                throw KvmPveException.Invalid("InvalidServer", $"The {parameterName} '{text}' is not a valid server address. {hint}");
            }

            bool explicitPort = HasExplicitPort(withScheme, uri);
            var builder = new UriBuilder(uri.Scheme, uri.Host, explicitPort ? uri.Port : (defaultPort ?? uri.Port), "/");
            return new ServerAddress(builder.Uri);
        }

        // Uri reports the scheme's default port when none was written; look at the authority text itself.
        private static bool HasExplicitPort(string text, Uri uri)
        {
            string authority = text.Substring(text.IndexOf("://", StringComparison.Ordinal) + 3);
            int end = authority.IndexOfAny(new[] { '/', '?', '#' });
            if (end >= 0)
            {
                authority = authority.Substring(0, end);
            }

            int bracket = authority.LastIndexOf(']');
            int colon = authority.LastIndexOf(':');
            return colon > bracket && colon < authority.Length - 1 && uri.Port > 0;
        }
    }
}
