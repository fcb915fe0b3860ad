using System;
using System.Threading;

namespace KvmPve.Transport
{
    /// <summary>
    /// Where transport diagnostics go for the current logical flow (the cmdlet that started it), without every
    /// API method taking a logger. Messages name method, path, status and time, never a credential.
    /// </summary>
    public static class RequestLog
    {
        private static readonly AsyncLocal<Action<string>?> Sink = new AsyncLocal<Action<string>?>();

        public static IDisposable Capture(Action<string> sink)
        {
            Action<string>? previous = Sink.Value;
            Sink.Value = sink;
            return new Restore(previous);
        }

        /// <summary>True when someone listens: callers skip formatting otherwise (it is on every request's path).</summary>
        internal static bool Enabled => Sink.Value != null;

        internal static void Write(string message) => Sink.Value?.Invoke(message);

        private sealed class Restore : IDisposable
        {
            private readonly Action<string>? _previous;

            public Restore(Action<string>? previous) => _previous = previous;

            public void Dispose() => Sink.Value = _previous;
        }
    }
}
