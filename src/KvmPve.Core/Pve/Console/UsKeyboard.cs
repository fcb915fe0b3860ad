using KvmPve.Errors;

namespace KvmPve
{
    /// <summary>
    /// The X keysyms of what a US keyboard types (printable ASCII, line breaks, Tab, Backspace, Escape), and whether
    /// Shift is held for it. A VM's VNC server maps keysyms with its keymap (QEMU: en-us unless the VM says otherwise),
    /// so other characters cannot be typed this way; they are refused before anything is sent.
    /// </summary>
    internal static class UsKeyboard
    {
        public const uint ShiftKeysym = 0xFFE1;

        private const string Shifted = "~!@#$%^&*()_+{}|:\"<>?";

        /// <summary>The keysym for <paramref name="c"/> and whether Shift goes with it.</summary>
        public static (uint Keysym, bool Shift) Keysym(char c)
        {
            switch (c)
            {
                case '\r':
                case '\n':
                    return (0xFF0D, false);
                case '\t':
                    return (0xFF09, false);
                case '\b':
                    return (0xFF08, false);
                case '\x1b':
                    return (0xFF1B, false);
            }

            if (c < ' ' || c > '~')
            {
                throw KvmPveException.Invalid("PveVmTextNotTypable",
                    $"'{(c < ' ' ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString())}' cannot be typed through the VM's VNC keyboard: it types what a US keyboard has (printable ASCII, line breaks, tabs). Use Send-PveConsoleText on a serial console for other text.");
            }

            bool shift = (c >= 'A' && c <= 'Z') || Shifted.IndexOf(c) >= 0;
            return (c, shift);
        }

        /// <summary>Every character checked before the first key is sent.</summary>
        public static void Check(string text)
        {
            foreach (char c in text)
            {
                Keysym(c);
            }
        }
    }
}
