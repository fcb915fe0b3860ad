using System.Management.Automation.Host;

namespace KvmPve.Base
{
    /// <summary>What a terminal (xterm) sends for a key: its character, or the escape sequence of a cursor or function key.</summary>
    internal static class TerminalKeys
    {
        public static string Of(KeyInfo key)
        {
            switch (key.VirtualKeyCode)
            {
                case 0x26: return "\x1b[A";
                case 0x28: return "\x1b[B";
                case 0x27: return "\x1b[C";
                case 0x25: return "\x1b[D";
                case 0x24: return "\x1b[H";
                case 0x23: return "\x1b[F";
                case 0x2E: return "\x1b[3~";
                case 0x2D: return "\x1b[2~";
                case 0x21: return "\x1b[5~";
                case 0x22: return "\x1b[6~";
                case 0x70: return "\x1bOP";
                case 0x71: return "\x1bOQ";
                case 0x72: return "\x1bOR";
                case 0x73: return "\x1bOS";
                case 0x0D: return "\r";
                case 0x08: return "\x7f";
                default: return key.Character == '\0' ? string.Empty : key.Character.ToString();
            }
        }
    }
}
