using System.Management.Automation;
using KvmPve.Base;

namespace KvmPve.Commands.PiKvm
{
    /// <summary>kvmd's Prometheus metrics as objects: name, type, labels and value.</summary>
    [Cmdlet(VerbsCommon.Get, "PiKvmMetric")]
    [OutputType(typeof(PiKvmMetric))]
    public sealed class GetPiKvmMetricCommand : PiKvmFleetCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            OnEachDevice(_ => true, async (session, token) => await session.GetMetricsAsync(Name, token).ConfigureAwait(false));
    }
}
