using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KvmPve.Transport
{
    /// <summary>Builds <c>path?k=v&amp;…</c> with every key and value percent-encoded.</summary>
    public static class QueryString
    {
        public static string Append(string path, IEnumerable<KeyValuePair<string, string>>? parameters)
        {
            if (parameters == null)
            {
                return path;
            }

            var text = new StringBuilder(path);
            char separator = path.IndexOf('?') >= 0 ? '&' : '?';
            foreach (KeyValuePair<string, string> pair in parameters)
            {
                text.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value ?? string.Empty));
                separator = '&';
            }

            return text.ToString();
        }

        /// <summary>
        /// A hashtable of request parameters as name/value pairs. Lists become one comma-joined value (kvmd's way) or,
        /// with <paramref name="listsAsRepeatedKeys"/>, one pair per item (PVE's way).
        /// </summary>
        public static List<KeyValuePair<string, string>> Pairs(IDictionary? values, bool listsAsRepeatedKeys)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            if (values == null)
            {
                return pairs;
            }

            foreach (DictionaryEntry entry in values)
            {
                string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (name.Length == 0)
                {
                    throw Errors.KvmPveException.Invalid("InvalidParameter", "A parameter has an empty name.");
                }

                if (listsAsRepeatedKeys && entry.Value is IEnumerable list && !(entry.Value is string))
                {
                    foreach (object? item in list)
                    {
                        pairs.Add(new KeyValuePair<string, string>(name, Format(item)));
                    }
                }
                else
                {
                    pairs.Add(new KeyValuePair<string, string>(name, Format(entry.Value)));
                }
            }

            return pairs;
        }

        /// <summary>A user's value as the wire text: booleans as 1/0, lists comma-joined, numbers invariant.</summary>
        public static string Format(object? value) => value switch
        {
            null => string.Empty,
            string s => s,
            bool b => b ? "1" : "0",
            DateTime d => d.ToString("o", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IEnumerable list => string.Join(",", Items(list)),
            _ => value.ToString() ?? string.Empty,
        };

        private static IEnumerable<string> Items(IEnumerable list)
        {
            foreach (object? item in list)
            {
                yield return Format(item);
            }
        }
    }
}
