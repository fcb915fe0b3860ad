using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>How Invoke-PiKvmBootMenu finds and uses the firmware's one-time boot menu.</summary>
    public sealed class PiKvmBootMenuOptions
    {
        /// <summary>
        /// The entry to boot, a wildcard matched against each entry (case-insensitive). The default is the PiKVM's
        /// virtual drive as kvmd's USB gadget names it: vendor PiKVM, product Optical Drive or Flash Drive.
        /// </summary>
        public string Select { get; set; } = "*PiKVM*";

        /// <summary>The key that opens the boot menu while the firmware starts (F12 for most, F11, F8, Esc for others).</summary>
        public string MenuKey { get; set; } = "F12";

        /// <summary>A regex for the menu's title line; the entries are the lines under its last match, up to a blank line.</summary>
        public string MenuPattern { get; set; } = PiKvmBootMenu.DefaultMenuPattern;

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>Time between two presses of the menu key while the firmware starts.</summary>
        public TimeSpan KeyInterval { get; set; } = TimeSpan.FromSeconds(0.5);

        /// <summary>Start the machine first: power it on when off, reset it when on. Off: it is starting already.</summary>
        public bool Restart { get; set; } = true;
    }

    /// <summary>What Invoke-PiKvmBootMenu did: the entry it booted, the menu it read, and each step.</summary>
    public sealed class PiKvmBootMenuResult
    {
        public string Entry { get; set; } = string.Empty;

        public IReadOnlyList<string> Entries { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> Steps { get; set; } = Array.Empty<string>();

        /// <summary>What the screen showed once the menu had closed.</summary>
        public string Screen { get; set; } = string.Empty;

        public TimeSpan Elapsed { get; set; }

        public PiKvmSession? Session { get; set; }
    }

    /// <summary>
    /// A boot menu as OCR reads it: the title line, the entries under it, and which one is selected when the firmware
    /// marks it in text (&gt;, *, », -&gt; before it). Most firmware only highlights the selection, which OCR cannot
    /// see: then the menu is taken to open on its first entry and each arrow key to move one entry (no wrap).
    /// </summary>
    public sealed class PiKvmBootMenu
    {
        /// <summary>The titles of AMI, Phoenix, Insyde, Dell, HP, Lenovo and OVMF boot menus.</summary>
        public const string DefaultMenuPattern = @"boot\s*(menu|manager|device|options?|selection)|select\s+(a\s+)?boot|startup\s+device";

        /// <summary>A start screen's prompt that names the menu ("Press F12 for Boot Menu", "F12 = Boot Options") is no title.</summary>
        private static readonly Regex Prompt = new Regex(@"\b(press|hit)\b|<[^>]+>|\bF\d{1,2}\s*(=|:|for\b|to\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex Marker = new Regex(@"^\s*(>|\*|»|->|=>)\s*", RegexOptions.CultureInvariant);

        public IReadOnlyList<string> Entries { get; private set; } = Array.Empty<string>();

        /// <summary>The entry the firmware marks as selected, when it marks one in text.</summary>
        public int? Marked { get; private set; }

        /// <summary>The menu on <paramref name="screen"/>, or null when the screen shows none (no title, or no entries under it).</summary>
        public static PiKvmBootMenu? Read(string screen, Regex title)
        {
            string[] lines = screen.Replace("\r", string.Empty).Split('\n');
            // The title with the most entries under it: OVMF repeats its title above the menu, an entry can itself
            // look like a title (Windows Boot Manager), and AMI's help under the entries names the menu again.
            PiKvmBootMenu? best = null;
            for (int header = 0; header < lines.Length; header++)
            {
                if (title.IsMatch(lines[header]) && !Prompt.IsMatch(lines[header]) && !Marker.IsMatch(lines[header])
                    && Under(lines, header) is PiKvmBootMenu menu && menu.Entries.Count > (best?.Entries.Count ?? 0))
                {
                    best = menu;
                }
            }

            return best;
        }

        private static PiKvmBootMenu? Under(string[] lines, int header)
        {
            var entries = new List<string>();
            int? marked = null;
            foreach (string line in lines.Skip(header + 1).SkipWhile(l => l.Trim().Length == 0).TakeWhile(l => l.Trim().Length > 0))
            {
                if (Marker.IsMatch(line))
                {
                    marked = marked == null ? entries.Count : -1;
                }

                entries.Add(Marker.Replace(line, string.Empty).Trim());
            }

            return entries.Count == 0 ? null : new PiKvmBootMenu { Entries = entries, Marked = marked >= 0 ? marked : null };
        }

        /// <summary>This menu on <paramref name="screen"/> again (the same entries), or null once it has gone.</summary>
        public PiKvmBootMenu? Again(string screen, Regex title) =>
            Read(screen, title) is PiKvmBootMenu now && now.Entries.SequenceEqual(Entries) ? now : null;

        /// <summary>The menu title's regex, refused before anything is sent when it does not compile.</summary>
        public static Regex Title(string pattern)
        {
            try
            {
                return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw KvmPveException.Invalid("PiKvmInvalidPattern", $"-MenuPattern '{pattern}' is not a valid regular expression: {ex.Message}");
            }
        }

        /// <summary>The first entry matching <paramref name="select"/>; none is an error listing the entries.</summary>
        public int Find(string select)
        {
            int found = Entries.ToList().FindIndex(e => Wildcard.IsMatch(e, select));
            return found >= 0 ? found : throw new KvmPveException(ErrorKind.ObjectNotFound, "PiKvmBootEntryNotFound",
                $"The boot menu has no entry like '{select}'. Its entries: {string.Join("; ", Entries)}. The menu is left open.");
        }
    }
}
