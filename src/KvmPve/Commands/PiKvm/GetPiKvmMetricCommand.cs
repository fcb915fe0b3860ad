using System.Management.Automation;
using KvmPve.Base;
using KvmPve.Errors;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>kvmd's Prometheus metrics as objects: name, type, labels and value.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmMetric")]
    [OutputType(typeof(PiKvmMetric))]
    public sealed class GetPiKvmMetricCommand : PiKvmCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            PiKvmSession session = ResolveSession();
            try
            {
                WriteObject(Run(token => session.GetMetricsAsync(Name, token)), true);
            }
            catch (KvmPveException ex)
            {
                WriteError(ex, session);
            }
        }
    }
}
