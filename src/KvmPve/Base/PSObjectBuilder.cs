using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Json;

namespace KvmPve.Base
{
    /// <summary>How JSON reaches the pipeline: objects as PSCustomObjects, like Invoke-RestMethod.</summary>
    internal static class PSObjectBuilder
    {
        public static readonly ObjectBuilder Instance = properties =>
        {
            // A property needs a name: kvmd's MSD state keys its default partition "", so such an object becomes an
            // ordered dictionary (ConvertFrom-Json -AsHashtable's way) instead of failing.
            if (properties.Any(p => p.Key.Length == 0))
            {
                var table = new System.Collections.Specialized.OrderedDictionary();
                foreach (KeyValuePair<string, object?> property in properties)
                {
                    table[property.Key] = property.Value;
                }

                return table;
            }

            var item = new PSObject();
            foreach (KeyValuePair<string, object?> property in properties)
            {
                item.Properties.Add(new PSNoteProperty(property.Key, property.Value));
            }

            return item;
        };

        /// <summary>The plain value behind PowerShell's wrappers, lists and hashtables included, for Core to send.</summary>
        public static object? Unwrap(object? value)
        {
            if (value is PSObject wrapped)
            {
                value = wrapped.BaseObject;
            }

            switch (value)
            {
                case IDictionary dictionary:
                    var plain = new Hashtable();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        plain[Unwrap(entry.Key)!] = Unwrap(entry.Value);
                    }

                    return plain;
                case string _:
                case byte[] _:
                    return value;
                case IList list:
                    var items = new object?[list.Count];
                    for (int i = 0; i < items.Length; i++)
                    {
                        items[i] = Unwrap(list[i]);
                    }

                    return items;
                default:
                    return value;
            }
        }
    }
}
