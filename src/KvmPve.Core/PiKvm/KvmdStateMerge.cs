using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace KvmPve.PiKvm
{
    /// <summary>
    /// How a partial kvmd event changes the full state of its part, the way kvmd's own web UI (web/share/js/kvm/*.js,
    /// each setState) applies it: a key that comes replaces what was there, whole, except the objects named here, whose
    /// keys are replaced one by one. So an image removed from msd's storage.images is gone, as in the UI.
    /// </summary>
    internal static class KvmdStateMerge
    {
        // msd.js: storage's parts, images, uploading and downloading each replaced; hid.js: keyboard's and mouse's keys
        // one by one; gpio.js: state.inputs and state.outputs per channel.
        private static readonly Dictionary<string, string[]> KeyByKey = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["msd"] = new[] { "storage" },
            ["hid"] = new[] { "keyboard", "mouse" },
            ["gpio"] = new[] { "state", "state.inputs", "state.outputs" },
        };

        // msd.js: "Null on offline, ignore" for drive and storage.
        private static readonly Dictionary<string, string[]> NullKept = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["msd"] = new[] { "drive", "storage" },
        };

        /// <summary>The part's state after <paramref name="change"/>; a switch event with a model starts the state anew (switch.js).</summary>
        public static JsonNode? Apply(string type, JsonNode? state, JsonNode? change)
        {
            if (state is JsonObject target && change is JsonObject patch && !(type == "switch" && patch["model"] != null))
            {
                return Merge(type, string.Empty, target, patch);
            }

            return change?.DeepClone();
        }

        private static JsonObject Merge(string type, string path, JsonObject target, JsonObject patch)
        {
            var merged = (JsonObject)target.DeepClone();
            foreach (KeyValuePair<string, JsonNode?> item in patch)
            {
                string at = path.Length == 0 ? item.Key : path + "." + item.Key;
                if (item.Value == null && Listed(NullKept, type, at))
                {
                    continue;
                }

                merged[item.Key] = Listed(KeyByKey, type, at) && merged[item.Key] is JsonObject inner && item.Value is JsonObject innerPatch
                    ? Merge(type, at, inner, innerPatch)
                    : item.Value?.DeepClone();
            }

            return merged;
        }

        private static bool Listed(Dictionary<string, string[]> rules, string type, string path) =>
            rules.TryGetValue(type, out string[]? paths) && Array.IndexOf(paths, path) >= 0;
    }
}
