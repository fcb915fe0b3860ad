using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>One checked step of a sequence: what it does, and its options.</summary>
    public sealed class PiKvmStep
    {
        public int Number { get; set; }

        /// <summary>Type, Key, WaitText, Sleep, Power, Mount or Mouse.</summary>
        public string Action { get; set; } = string.Empty;

        public object? Value { get; set; }

        internal IDictionary Options { get; set; } = new Hashtable();

        /// <summary>The step in words, for -WhatIf and the results (text typed is counted, never shown).</summary>
        public string Description { get; set; } = string.Empty;

        public override string ToString() => $"{Number}: {Description}";
    }

    /// <summary>What a step did.</summary>
    public sealed class PiKvmStepResult
    {
        public int Number { get; set; }

        public string Action { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public TimeSpan Elapsed { get; set; }

        /// <summary>What the step gave back: the text a WaitText step matched; nothing for the others.</summary>
        public object? Result { get; set; }
    }

    /// <summary>
    /// Invoke-PiKvmSequence's steps: each a hashtable with exactly one action key (Type, Key, WaitText, Sleep, Power,
    /// Mount, Mouse) and that action's options. All are checked before the first runs, so a bad step 9 never leaves a
    /// machine half way through steps 1 to 8.
    /// </summary>
    public static class PiKvmSequence
    {
        private static readonly Dictionary<string, string[]> PiKvmOptions = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Type"] = new[] { "Keymap", "Slow" },
            ["Key"] = Array.Empty<string>(),
            ["WaitText"] = new[] { "Regex", "TimeoutSec", "IntervalSec", "Region" },
            ["Sleep"] = Array.Empty<string>(),
            ["Power"] = new[] { "Wait" },
            ["Mount"] = new[] { "Media" },
            ["Mouse"] = Array.Empty<string>(),
        };

        /// <summary>The steps that make sense on a Proxmox VE VM (Invoke-PveVmSequence): text by VNC, keys by sendkey, the serial console's text, power.</summary>
        private static readonly Dictionary<string, string[]> VmOptions = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Type"] = Array.Empty<string>(),
            ["Key"] = Array.Empty<string>(),
            ["WaitText"] = new[] { "Regex", "TimeoutSec", "Serial" },
            ["Sleep"] = Array.Empty<string>(),
            ["Power"] = new[] { "Wait" },
        };

        private static readonly string[] MouseKeys = { "MoveTo", "Relative", "Click", "DoubleClick", "Wheel" };

        /// <summary>
        /// The steps checked one by one, for a PiKVM or (<paramref name="vm"/>) a Proxmox VE VM: one format for both;
        /// the first bad step is an argument error naming its number.
        /// </summary>
        public static IReadOnlyList<PiKvmStep> Parse(IEnumerable<object?> steps, bool vm = false)
        {
            var parsed = new List<PiKvmStep>();
            int number = 0;
            foreach (object? item in steps)
            {
                number++;
                try
                {
                    parsed.Add(ParseOne(number, item as IDictionary ?? throw Bad("is not a hashtable such as @{ Type = 'text' }"), vm));
                }
                catch (KvmPveException ex) when (ex.Kind == ErrorKind.InvalidArgument)
                {
                    throw KvmPveException.Invalid("PiKvmInvalidStep", $"Step {number}: {ex.Message}");
                }
            }

            if (parsed.Count == 0)
            {
                throw KvmPveException.Invalid("PiKvmInvalidStep", "The sequence has no steps.");
            }

            return parsed;
        }

        private static PiKvmStep ParseOne(int number, IDictionary table, bool vm)
        {
            Dictionary<string, string[]> known = vm ? VmOptions : PiKvmOptions;
            string[] keys = table.Keys.Cast<object>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
            string[] actions = keys.Where(known.ContainsKey).ToArray();
            if (actions.Length != 1)
            {
                string other = vm && keys.Any(PiKvmOptions.ContainsKey) ? $" ({string.Join(", ", keys.Where(PiKvmOptions.ContainsKey))} is a PiKVM step)" : string.Empty;
                throw Bad($"has {(actions.Length == 0 ? "no action" + other : "several actions (" + string.Join(", ", actions) + ")")}: give exactly one of {string.Join(", ", known.Keys)}");
            }

            string action = known.Keys.First(k => string.Equals(k, actions[0], StringComparison.OrdinalIgnoreCase));
            string? unknown = keys.FirstOrDefault(k => !string.Equals(k, actions[0], StringComparison.OrdinalIgnoreCase) && !known[action].Contains(k, StringComparer.OrdinalIgnoreCase));
            if (unknown != null)
            {
                throw Bad($"'{unknown}' is not an option of {action}{(known[action].Length == 0 ? " (it takes none)" : ": valid are " + string.Join(", ", known[action]))}");
            }

            var options = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (string key in keys.Where(k => !string.Equals(k, actions[0], StringComparison.OrdinalIgnoreCase)))
            {
                options[key] = table[key];
            }

            object? value = table[actions[0]];
            var step = new PiKvmStep { Number = number, Action = action, Value = value, Options = options };
            step.Description = Check(step, vm);
            return step;
        }

        /// <summary>Checks a step's value and options, and says in words what it does.</summary>
        private static string Check(PiKvmStep step, bool vm)
        {
            IDictionary o = step.Options;
            switch (step.Action)
            {
                case "Type":
                    string text = step.Value as string ?? throw Bad("Type needs the text to type");
                    if (vm)
                    {
                        UsKeyboard.Check(text);
                    }

                    return $"Type {text.Length} characters";
                case "Key":
                    string[] keys = Strings(step.Value) ?? throw Bad("Key needs a key or keys, such as 'Enter' or @('Ctrl+Alt+Delete', 'Enter')");
                    foreach (string chord in keys)
                    {
                        if (vm)
                        {
                            PveVmKeys.ToQemu(chord);
                        }
                        else
                        {
                            PiKvmKeys.ParseChord(chord);
                        }
                    }

                    return "Press " + string.Join(", ", keys);
                case "WaitText":
                    string pattern = step.Value as string ?? throw Bad("WaitText needs the text to wait for");
                    PiKvmSession.Matcher(pattern, Flag(o, "Regex"));
                    PiKvmSession.CheckRegion(Ints(o["Region"]));
                    if (o["Serial"] is object serial && !(serial is string port && System.Text.RegularExpressions.Regex.IsMatch(port, "^serial[0-3]$")))
                    {
                        throw Bad($"Serial '{serial}' is not serial0 to serial3");
                    }

                    return $"Wait up to {Seconds(o, "TimeoutSec", 300)} s for '{pattern}'";
                case "Sleep":
                    double sleep = Number(step.Value) ?? throw Bad("Sleep needs a number of seconds");
                    if (sleep < 0 || sleep > 86400)
                    {
                        throw Bad($"Sleep {sleep} is not 0 to 86400 seconds");
                    }

                    return $"Sleep {sleep.ToString(CultureInfo.InvariantCulture)} s";
                case "Power":
                    if (!Enum.TryParse(Convert.ToString(step.Value, CultureInfo.InvariantCulture), true, out PiKvmAtxPowerAction power) || !Enum.IsDefined(typeof(PiKvmAtxPowerAction), power))
                    {
                        throw Bad($"Power '{step.Value}' is not a power action: valid are {string.Join(", ", Enum.GetNames(typeof(PiKvmAtxPowerAction)))}");
                    }

                    step.Value = power;
                    return "Power " + power;
                case "Mount":
                    string image = step.Value as string ?? throw Bad("Mount needs an image name on the PiKVM");
                    if (o["Media"] != null && !Enum.TryParse(Convert.ToString(o["Media"], CultureInfo.InvariantCulture), true, out PiKvmMsdMedia _))
                    {
                        throw Bad($"Media '{o["Media"]}' is not Cdrom or Flash");
                    }

                    return $"Mount {image}";
                default:
                    IDictionary mouse = step.Value as IDictionary ?? throw Bad("Mouse needs a hashtable such as @{ MoveTo = 100, 200; Click = 'Left' }");
                    string? extra = mouse.Keys.Cast<object>().Select(k => k.ToString()!).FirstOrDefault(k => !MouseKeys.Contains(k, StringComparer.OrdinalIgnoreCase));
                    if (extra != null)
                    {
                        throw Bad($"'{extra}' is not a mouse option: valid are {string.Join(", ", MouseKeys)}");
                    }

                    PiKvmMouseAction act = Mouse(mouse);
                    PiKvmSession.CheckMouse(act);
                    step.Value = act;
                    return "Mouse " + string.Join(", ", mouse.Keys.Cast<object>());
            }
        }

        /// <summary>Runs one checked step and says what it gave.</summary>
        internal static async Task<object?> RunAsync(PiKvmSession session, PiKvmStep step, Action<string> note, CancellationToken cancellationToken)
        {
            IDictionary o = step.Options;
            switch (step.Action)
            {
                case "Type":
                    await session.TypeTextAsync((string)step.Value!, o["Keymap"] as string, Flag(o, "Slow"), null, cancellationToken).ConfigureAwait(false);
                    return null;
                case "Key":
                    await session.SendKeysAsync(Strings(step.Value)!, cancellationToken).ConfigureAwait(false);
                    return null;
                case "WaitText":
                    int[]? region = Ints(o["Region"]);
                    var ocr = new PiKvmOcrOptions { Left = region?[0], Top = region?[1], Right = region?[2], Bottom = region?[3] };
                    PiKvmScreenMatch match = await session.WaitScreenTextAsync((string)step.Value!, Flag(o, "Regex"), TimeSpan.FromSeconds(Seconds(o, "TimeoutSec", 300)),
                        TimeSpan.FromSeconds(Seconds(o, "IntervalSec", 2)), ocr, note, cancellationToken).ConfigureAwait(false);
                    return match.Match;
                case "Sleep":
                    await Task.Delay(TimeSpan.FromSeconds(Number(step.Value)!.Value), cancellationToken).ConfigureAwait(false);
                    return null;
                case "Power":
                    await session.AtxPowerAsync((PiKvmAtxPowerAction)step.Value!, o["Wait"] == null || Flag(o, "Wait"), cancellationToken).ConfigureAwait(false);
                    return null;
                case "Mount":
                    PiKvmMsdMedia media = o["Media"] == null ? PiKvmMsdMedia.Cdrom : (PiKvmMsdMedia)Enum.Parse(typeof(PiKvmMsdMedia), Convert.ToString(o["Media"], CultureInfo.InvariantCulture)!, true);
                    return await session.MountAsync((string)step.Value!, media, false, cancellationToken).ConfigureAwait(false);
                default:
                    await session.SendMouseAsync((PiKvmMouseAction)step.Value!, cancellationToken).ConfigureAwait(false);
                    return null;
            }
        }

        internal static string[]? Keys(object? value) => Strings(value);

        internal static bool WaitFlag(IDictionary options, string name) => options[name] == null || Flag(options, name);

        internal static double TimeoutOf(IDictionary options) => Seconds(options, "TimeoutSec", 300);

        internal static bool RegexFlag(IDictionary options) => Flag(options, "Regex");

        internal static double SleepOf(PiKvmStep step) => Number(step.Value)!.Value;

        private static PiKvmMouseAction Mouse(IDictionary mouse)
        {
            object? Get(string name) => mouse.Keys.Cast<object>().FirstOrDefault(k => string.Equals(k.ToString(), name, StringComparison.OrdinalIgnoreCase)) is object key ? mouse[key] : null;
            return new PiKvmMouseAction
            {
                MoveTo = Ints(Get("MoveTo")),
                Relative = Ints(Get("Relative")),
                Click = Get("Click") as string,
                DoubleClick = Get("DoubleClick") is bool b && b,
                Wheel = Number(Get("Wheel")) is double w ? (int)w : (int?)null,
            };
        }

        private static string[]? Strings(object? value) => value is string one ? new[] { one }
            : value is IEnumerable many && many.Cast<object?>().All(i => i is string) ? many.Cast<string>().ToArray() : null;

        private static int[]? Ints(object? value) => value is IEnumerable many && !(value is string)
            ? many.Cast<object?>().Select(i => Number(i) is double d && d == Math.Floor(d) ? (int)d : throw Bad($"'{i}' is not a whole number")).ToArray()
            : value == null ? null : throw Bad($"'{value}' is not a list of numbers");

        private static double? Number(object? value) => value switch
        {
            int i => i,
            long l => l,
            double d => d,
            decimal m => (double)m,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
            _ => null,
        };

        private static double Seconds(IDictionary options, string name, double fallback) =>
            options[name] == null ? fallback : Number(options[name]) is double d && d > 0 ? d : throw Bad($"{name} '{options[name]}' is not a number of seconds above 0");

        private static bool Flag(IDictionary options, string name) =>
            options[name] is bool b ? b : options[name] == null ? false : throw Bad($"{name} '{options[name]}' is not $true or $false");

        private static KvmPveException Bad(string message) => KvmPveException.Invalid("PiKvmInvalidStep", message);
    }
}
