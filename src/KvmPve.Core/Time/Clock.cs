using System;
using System.Threading;
using System.Threading.Tasks;

namespace KvmPve.Time
{
    /// <summary>Time and waiting, replaceable so tests control TOTP windows and ticket ages.</summary>
    public class Clock
    {
        public static readonly Clock System = new Clock();

        public virtual DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public virtual Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
