using System;

namespace KvmPve
{
    /// <summary>A .vv file for remote-viewer written by Open-PveConsole -Spice. Its ticket is not shown: it is in the file, for 30 s.</summary>
    public sealed class PveSpiceFile
    {
        public string Path { get; set; } = string.Empty;

        public int VmId { get; set; }

        public string Node { get; set; } = string.Empty;

        /// <summary>The SPICE proxy remote-viewer connects through (http://host:3128).</summary>
        public string? Proxy { get; set; }

        public int? TlsPort { get; set; }

        /// <summary>When SPICE stops accepting the file's ticket (30 s after it was made): open the file before then.</summary>
        public DateTime ValidUntil { get; set; }
    }
}
