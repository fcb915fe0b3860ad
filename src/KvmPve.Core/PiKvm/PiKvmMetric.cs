using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve
{
    /// <summary>One sample of kvmd's Prometheus metrics (GET /api/export/prometheus/metrics).</summary>
    public sealed class PiKvmMetric
    {
        public string Name { get; set; } = string.Empty;

        /// <summary>gauge, counter, ... as the # TYPE line says.</summary>
        public string? Type { get; set; }

        public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

        public double Value { get; set; }

        public PiKvmSession? Session { get; set; }

        public override string ToString() => $"{Name} {Value.ToString(CultureInfo.InvariantCulture)}";

        // name{label="value",...} value — Prometheus' text format. No library here reads it, so it is parsed here.
        private static readonly Regex Sample = new Regex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})?\\s+(?<value>\\S+)", RegexOptions.CultureInvariant);

        private static readonly Regex Label = new Regex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant);

        internal static List<PiKvmMetric> Parse(string text, PiKvmSession session)
        {
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            var metrics = new List<PiKvmMetric>();
            foreach (string line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    string[] parts = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 4)
                    {
                        types[parts[2]] = parts[3];
                    }

                    continue;
                }

                Match sample = Sample.Match(line);
                if (line[0] == '#' || !sample.Success || !double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    continue;
                }

                string name = sample.Groups["name"].Value;
                metrics.Add(new PiKvmMetric
                {
                    Name = name,
                    Type = types.TryGetValue(name, out string? type) ? type : null,
                    Labels = Label.Matches(sample.Groups["labels"].Value).Cast<Match>().ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal),
                    Value = value,
                    Session = session,
                });
            }

            return metrics;
        }
    }

    public sealed partial class PiKvmSession
    {
        /// <summary>kvmd's metrics (wildcards on the name).</summary>
        internal async Task<IReadOnlyList<PiKvmMetric>> GetMetricsAsync(IReadOnlyList<string>? names, CancellationToken cancellationToken)
        {
            EnsureOpen();
            string text;
            using (HttpResponseMessage response = await Client.SendAsync(HttpMethod.Get, "/api/export/prometheus/metrics", null, null, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
            {
                text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }

            List<PiKvmMetric> all = PiKvmMetric.Parse(text, this);
            return names is { Count: > 0 } ? all.Where(m => names.Any(n => Json.Wildcard.IsMatch(m.Name, n))).ToList() : all;
        }
    }
}
