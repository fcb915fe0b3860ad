using System;
using System.Collections.Generic;
using System.Linq;
using KvmPve.Errors;
using KvmPve.Json;

namespace KvmPve
{
    /// <summary>
    /// Keys for PUT .../sendkey, which qemu-server passes to QEMU's human monitor as "sendkey KEYS"
    /// (QemuServer.pm vm_sendkey): QEMU's QKeyCode names (qapi/ui.json) or hex codes, joined by '-' into a chord. The
    /// names Send-PiKvmKey takes (Ctrl+Alt+Delete, Enter, ArrowUp, KeyA) are translated, so one key list serves both.
    /// </summary>
    public static class PveVmKeys
    {
        /// <summary>QEMU's QKeyCode names (qapi/ui.json, QEMU 8+), less 'unmapped'.</summary>
        public static readonly IReadOnlyCollection<string> QemuNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "shift", "shift_r", "alt", "alt_r", "ctrl", "ctrl_r", "menu", "esc", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0",
            "minus", "equal", "backspace", "tab", "q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "bracket_left", "bracket_right",
            "ret", "a", "s", "d", "f", "g", "h", "j", "k", "l", "semicolon", "apostrophe", "grave_accent", "backslash", "z", "x", "c",
            "v", "b", "n", "m", "comma", "dot", "slash", "asterisk", "spc", "caps_lock", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8",
            "f9", "f10", "num_lock", "scroll_lock", "kp_divide", "kp_multiply", "kp_subtract", "kp_add", "kp_enter", "kp_decimal",
            "sysrq", "kp_0", "kp_1", "kp_2", "kp_3", "kp_4", "kp_5", "kp_6", "kp_7", "kp_8", "kp_9", "less", "f11", "f12", "print",
            "home", "pgup", "pgdn", "end", "left", "up", "down", "right", "insert", "delete", "stop", "again", "props", "undo", "front",
            "copy", "open", "paste", "find", "cut", "lf", "help", "meta_l", "meta_r", "compose", "pause", "ro", "hiragana", "henkan",
            "yen", "muhenkan", "katakanahiragana", "kp_comma", "kp_equals", "power", "sleep", "wake", "audionext", "audioprev",
            "audiostop", "audioplay", "audiomute", "volumeup", "volumedown", "mediaselect", "mail", "calculator", "computer",
            "ac_home", "ac_back", "ac_forward", "ac_refresh", "ac_bookmarks", "lang1", "lang2", "f13", "f14", "f15", "f16", "f17",
            "f18", "f19", "f20", "f21", "f22", "f23", "f24",
        };

        /// <summary>Send-PiKvmKey's friendly names and kvmd's (KeyboardEvent.code) that are not QEMU's, lower-cased.</summary>
        private static readonly Dictionary<string, string> Friendly = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["control"] = "ctrl", ["controlleft"] = "ctrl", ["controlright"] = "ctrl_r", ["altleft"] = "alt", ["altright"] = "alt_r",
            ["altgr"] = "alt_r", ["shiftleft"] = "shift", ["shiftright"] = "shift_r", ["win"] = "meta_l", ["meta"] = "meta_l",
            ["super"] = "meta_l", ["metaleft"] = "meta_l", ["metaright"] = "meta_r", ["enter"] = "ret", ["return"] = "ret",
            ["escape"] = "esc", ["space"] = "spc", ["del"] = "delete", ["ins"] = "insert", ["arrowup"] = "up", ["arrowdown"] = "down",
            ["arrowleft"] = "left", ["arrowright"] = "right", ["pageup"] = "pgup", ["pagedown"] = "pgdn", ["printscreen"] = "print",
            ["prtsc"] = "print", ["capslock"] = "caps_lock", ["numlock"] = "num_lock", ["scrolllock"] = "scroll_lock",
            ["contextmenu"] = "menu", ["apps"] = "menu", ["period"] = "dot", ["quote"] = "apostrophe", ["backquote"] = "grave_accent",
            ["grave"] = "grave_accent", ["bracketleft"] = "bracket_left", ["bracketright"] = "bracket_right", ["numpadenter"] = "kp_enter",
            ["numpadadd"] = "kp_add", ["numpadsubtract"] = "kp_subtract", ["numpadmultiply"] = "kp_multiply", ["numpaddivide"] = "kp_divide",
            ["numpaddecimal"] = "kp_decimal", ["intlbackslash"] = "less", ["plus"] = "kp_add",
        };

        /// <summary>A key or chord (Ctrl+Alt+Delete, ctrl-alt-delete, F12, KeyA) as QEMU's sendkey takes it, or an error naming the bad key.</summary>
        public static string ToQemu(string item)
        {
            string text = (item ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                throw KvmPveException.Invalid("PveInvalidKey", "A key is empty: give a key (ret, f12, a) or a chord (ctrl-alt-delete, Ctrl+Alt+Delete).");
            }

            string[] parts = text.Length > 1 && text.Contains('+') ? text.Split('+')
                : text.Length > 1 && text.Contains('-') ? text.Split('-')
                : new[] { text };
            return string.Join("-", parts.Select(part => One(part.Trim(), item!)));
        }

        private static string One(string part, string item)
        {
            string lower = part.ToLowerInvariant();
            if (QemuNames.Contains(lower) || (lower.StartsWith("0x", StringComparison.Ordinal) && lower.Length > 2 && lower.Substring(2).All(Uri.IsHexDigit)))
            {
                return lower;
            }

            if (Friendly.TryGetValue(part, out string? name))
            {
                return name;
            }

            // kvmd's codes: KeyA, Digit1, Numpad1.
            foreach ((string prefix, string qemuPrefix) in new[] { ("key", string.Empty), ("digit", string.Empty), ("numpad", "kp_") })
            {
                if (lower.Length == prefix.Length + 1 && lower.StartsWith(prefix, StringComparison.Ordinal) && QemuNames.Contains(qemuPrefix + lower.Substring(prefix.Length)))
                {
                    return qemuPrefix + lower.Substring(prefix.Length);
                }
            }

            IEnumerable<string> near = QemuNames.Concat(Friendly.Keys.Select(k => k.ToLowerInvariant()))
                .Select(n => (Name: n, Distance: EditDistance.Between(lower, n)))
                .Where(n => n.Distance <= Math.Max(1, lower.Length / 3)).OrderBy(n => n.Distance).ThenBy(n => n.Name, StringComparer.Ordinal).Select(n => n.Name).Take(3);
            string hint = string.Join(", ", near);
            throw KvmPveException.Invalid("PveInvalidKey",
                $"'{part}' in '{item}' is not a key QEMU knows.{(hint.Length > 0 ? $" Did you mean {hint}?" : string.Empty)} Keys are QEMU's names (ret, esc, spc, f1-f24, a-z, 0-9, ctrl, alt, shift, delete, up, kp_1), hex codes (0x1c), or Send-PiKvmKey's names (Enter, Ctrl, ArrowUp, KeyA).");
        }
    }
}
