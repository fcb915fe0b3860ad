using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KvmPve.Errors;

namespace KvmPve.Base
{
    /// <summary>A step file of Invoke-PiKvmSequence and Invoke-PveVmSequence: @{ Steps = @( ... ) }, read as data only.</summary>
    internal static class SequenceFile
    {
        /// <summary>The file's Steps (Import-PowerShellDataFile runs no code from it); a missing or malformed file is an argument error.</summary>
        public static IEnumerable<object?> Read(PSCmdlet cmdlet, string path)
        {
            string file = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!System.IO.File.Exists(file))
            {
                throw KvmPveException.Invalid("PiKvmSequenceNotFound", $"There is no sequence file '{file}'.");
            }

            Hashtable data;
            try
            {
                data = (Hashtable)cmdlet.InvokeCommand.InvokeScript("param($p) Import-PowerShellDataFile -LiteralPath $p", file)[0].BaseObject;
            }
            catch (RuntimeException ex)
            {
                throw KvmPveException.Invalid("PiKvmInvalidSequence", $"'{file}' is not a PowerShell data file: {ex.Message}");
            }

            if (!(data["Steps"] is object steps) || !(PSObjectBuilder.Unwrap(steps) is IEnumerable list) || steps is string)
            {
                throw KvmPveException.Invalid("PiKvmInvalidSequence", $"'{file}' has no Steps: write @{{ Steps = @( @{{ Power = 'On' }}, ... ) }}.");
            }

            return list.Cast<object?>().Select(PSObjectBuilder.Unwrap);
        }
    }
}
