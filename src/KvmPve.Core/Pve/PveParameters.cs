using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using KvmPve.Errors;

namespace KvmPve.Pve
{
    /// <summary>
    /// Request parameters as PVE reads them: booleans 1/0 (True/False is refused), arrays as repeated keys, numbers
    /// invariant. Percent-encoding (including ';', which PVE's form parser splits on) is left to the query and form
    /// encoders.
    /// </summary>
    internal static class PveParameters
    {
        public static List<KeyValuePair<string, string>> From(IDictionary? parameters)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            if (parameters == null)
            {
                return pairs;
            }

            foreach (DictionaryEntry entry in parameters)
            {
                string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (name.Length == 0)
                {
                    throw KvmPveException.Invalid("PveInvalidParameter", "A parameter has an empty name.");
                }

                if (entry.Value is IEnumerable list && !(entry.Value is string))
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

        public static string Format(object? value) => value switch
        {
            null => string.Empty,
            string s => s,
            bool b => b ? "1" : "0",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }
}
