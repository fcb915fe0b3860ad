using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>
    /// Key names: kvmd's (web KeyboardEvent.code, case-sensitive) and the friendly ones people type (Ctrl, Del, F2, a, 1),
    /// and chords such as Ctrl+Alt+Delete.
    /// </summary>
    public static class PiKvmKeys
    {
        /// <summary>The key codes kvmd knows.</summary>
        public static readonly IReadOnlyCollection<string> Codes = BuildCodes();

        private static readonly Dictionary<string, string> Friendly = BuildFriendly();

        /// <summary>One item of -Key: a key or a chord (keys joined by '+'), as kvmd codes in press order.</summary>
        public static IReadOnlyList<string> ParseChord(string item)
        {
            string text = (item ?? string.Empty).Trim();
            // "+" alone is the plus key; inside a chord it is called Plus ("Ctrl+Plus").
            List<string> parts = text == "+" ? new List<string> { "+" } : text.Split('+').Select(p => p.Trim()).ToList();
            if (text.Length == 0 || parts.Any(p => p.Length == 0))
            {
                throw KvmPveException.Invalid("PiKvmInvalidKey", $"'{item}' is not a key or a chord. Give a key (Enter, F2, a) or keys joined by '+' (Ctrl+Alt+Delete); inside a chord the plus key is Plus.");
            }

            return parts.Select(p => Resolve(p, item!)).ToList();
        }

        private static string Resolve(string name, string item)
        {
            if (Codes.Contains(name))
            {
                return name;
            }

            if (Friendly.TryGetValue(name.ToLowerInvariant(), out string? code))
            {
                return code;
            }

            string[] near = Codes.Concat(Friendly.Keys)
                .Select(candidate => (candidate, distance: Json.EditDistance.Between(name.ToLowerInvariant(), candidate.ToLowerInvariant())))
                .Where(c => c.distance <= Math.Max(1, name.Length / 3) || c.candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.distance).ThenBy(c => c.candidate, StringComparer.Ordinal)
                .Select(c => c.candidate).Distinct(StringComparer.OrdinalIgnoreCase).Take(6).ToArray();
            throw KvmPveException.Invalid("PiKvmUnknownKey",
                $"'{name}'{(name == item ? string.Empty : $" in '{item}'")} is not a key."
                + (near.Length > 0 ? $" Did you mean {string.Join(", ", near)}?" : string.Empty)
                + " Keys are friendly names (Ctrl, Alt, Shift, Win, Del, Esc, Tab, Enter, Up, F1-F24, a-z, 0-9) or kvmd's codes (KeyA, ControlLeft, Numpad1).");
        }

        private static HashSet<string> BuildCodes()
        {
            var codes = new HashSet<string>(StringComparer.Ordinal)
            {
                "Enter", "Escape", "Backspace", "Tab", "Space", "Minus", "Equal", "BracketLeft", "BracketRight", "Backslash",
                "Semicolon", "Quote", "Backquote", "Comma", "Period", "Slash", "CapsLock", "PrintScreen", "Insert", "Home",
                "PageUp", "Delete", "End", "PageDown", "ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "ControlLeft",
                "ShiftLeft", "AltLeft", "MetaLeft", "ControlRight", "ShiftRight", "AltRight", "MetaRight", "Pause",
                "ScrollLock", "NumLock", "ContextMenu", "NumpadDivide", "NumpadMultiply", "NumpadSubtract", "NumpadAdd",
                "NumpadEnter", "NumpadDecimal", "Power", "IntlBackslash", "IntlYen", "IntlRo", "KanaMode", "Convert",
                "NonConvert", "AudioVolumeMute", "AudioVolumeUp", "AudioVolumeDown",
            };
            for (char c = 'A'; c <= 'Z'; c++)
            {
                codes.Add("Key" + c);
            }

            for (int d = 0; d <= 9; d++)
            {
                codes.Add("Digit" + d.ToString(CultureInfo.InvariantCulture));
                codes.Add("Numpad" + d.ToString(CultureInfo.InvariantCulture));
            }

            for (int f = 1; f <= 24; f++)
            {
                codes.Add("F" + f.ToString(CultureInfo.InvariantCulture));
            }

            return codes;
        }

        private static Dictionary<string, string> BuildFriendly()
        {
            var friendly = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ctrl"] = "ControlLeft", ["control"] = "ControlLeft", ["lctrl"] = "ControlLeft", ["rctrl"] = "ControlRight",
                ["alt"] = "AltLeft", ["lalt"] = "AltLeft", ["ralt"] = "AltRight", ["altgr"] = "AltRight",
                ["shift"] = "ShiftLeft", ["lshift"] = "ShiftLeft", ["rshift"] = "ShiftRight",
                ["win"] = "MetaLeft", ["windows"] = "MetaLeft", ["meta"] = "MetaLeft", ["super"] = "MetaLeft", ["cmd"] = "MetaLeft", ["lwin"] = "MetaLeft", ["rwin"] = "MetaRight",
                ["del"] = "Delete", ["delete"] = "Delete", ["esc"] = "Escape", ["escape"] = "Escape", ["tab"] = "Tab",
                ["enter"] = "Enter", ["return"] = "Enter", ["space"] = "Space", ["spacebar"] = "Space", ["backspace"] = "Backspace", ["bksp"] = "Backspace",
                ["ins"] = "Insert", ["insert"] = "Insert", ["home"] = "Home", ["end"] = "End",
                ["pgup"] = "PageUp", ["pageup"] = "PageUp", ["pgdn"] = "PageDown", ["pagedown"] = "PageDown",
                ["up"] = "ArrowUp", ["down"] = "ArrowDown", ["left"] = "ArrowLeft", ["right"] = "ArrowRight",
                ["prtsc"] = "PrintScreen", ["printscreen"] = "PrintScreen", ["sysrq"] = "PrintScreen", ["pause"] = "Pause", ["break"] = "Pause",
                ["capslock"] = "CapsLock", ["numlock"] = "NumLock", ["scrolllock"] = "ScrollLock", ["menu"] = "ContextMenu", ["apps"] = "ContextMenu",
                ["+"] = "Equal", ["plus"] = "Equal", ["-"] = "Minus", ["="] = "Equal", [","] = "Comma", ["."] = "Period", ["/"] = "Slash", [";"] = "Semicolon",
            };
            for (char c = 'a'; c <= 'z'; c++)
            {
                friendly[c.ToString()] = "Key" + char.ToUpperInvariant(c);
            }

            for (int d = 0; d <= 9; d++)
            {
                friendly[d.ToString(CultureInfo.InvariantCulture)] = "Digit" + d.ToString(CultureInfo.InvariantCulture);
            }

            for (int f = 1; f <= 24; f++)
            {
                friendly["f" + f.ToString(CultureInfo.InvariantCulture)] = "F" + f.ToString(CultureInfo.InvariantCulture);
            }

            return friendly;
        }
    }
}
