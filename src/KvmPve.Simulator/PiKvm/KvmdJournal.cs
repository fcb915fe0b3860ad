using System.Diagnostics;
using System.Threading.Channels;

namespace KvmPve.Simulator.PiKvm;

/// <summary>One journal record, and when (Stopwatch ticks) the simulator wrote it to each follower.</summary>
public sealed record JournalRecord(long Sequence, DateTime Time, string Service, string Message);

/// <summary>
/// The PiKVM's journal: some boot history, then a new record every <see cref="PiKvmSimulatorOptions.LogInterval"/>,
/// broadcast to every follower as it is made.
/// </summary>
public sealed class KvmdJournal : IAsyncDisposable
{
    private const int Keep = 10_000;
    private readonly PiKvmSimulatorOptions _options;
    private readonly List<JournalRecord> _history = [];
    private readonly List<Channel<JournalRecord>> _followers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticker;
    private long _sequence;

    internal KvmdJournal(PiKvmSimulatorOptions options)
    {
        _options = options;
        DateTime now = DateTime.Now;
        string[] boot =
        [
            "kvmd.service|Starting PiKVM - The main daemon...",
            "kvmd.service|kvmd.apps.kvmd.server  INFO --- Listening HTTP on UNIX socket /run/kvmd/kvmd.sock ...",
            "kvmd-nginx.service|Started PiKVM - HTTP entrypoint.",
            "kvmd-otg.service|Finished PiKVM - OTG setup.",
            "kvmd.service|kvmd.apps.kvmd.streamer  INFO --- Streamer started",
        ];
        for (int i = 0; i < boot.Length; i++)
        {
            string[] parts = boot[i].Split('|');
            Append(now.AddMinutes(-60 + i), parts[0], parts[1]);
        }

        _ticker = Task.Run(TickAsync);
    }

    /// <summary>When each record started out to a follower (Stopwatch timestamp), for latency measurements.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<long, long> WrittenAt { get; } = new();

    /// <summary>Adds a record now, as a service on the PiKVM would.</summary>
    public JournalRecord Write(string service, string message) => Append(DateTime.Now, service, message);

    internal IReadOnlyList<JournalRecord> Since(DateTime since)
    {
        lock (_history)
        {
            return _history.Where(r => r.Time >= since).ToList();
        }
    }

    internal ChannelReader<JournalRecord> Follow(out Action unsubscribe)
    {
        var channel = Channel.CreateUnbounded<JournalRecord>(new UnboundedChannelOptions { SingleReader = true });
        lock (_history)
        {
            _followers.Add(channel);
        }

        unsubscribe = () =>
        {
            lock (_history)
            {
                _followers.Remove(channel);
            }
        };
        return channel.Reader;
    }

    /// <summary>Ends every follow stream, as a kvmd restart does.</summary>
    public void EndFollowers()
    {
        lock (_history)
        {
            foreach (Channel<JournalRecord> follower in _followers)
            {
                follower.Writer.TryComplete();
            }
        }
    }

    internal void MarkWritten(JournalRecord record) => WrittenAt[record.Sequence] = Stopwatch.GetTimestamp();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _ticker;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private JournalRecord Append(DateTime time, string service, string message)
    {
        lock (_history)
        {
            var record = new JournalRecord(++_sequence, time, service, message);
            _history.Add(record);
            if (_history.Count > Keep)
            {
                _history.RemoveRange(0, _history.Count - Keep);
            }

            foreach (Channel<JournalRecord> follower in _followers)
            {
                follower.Writer.TryWrite(record);
            }

            return record;
        }
    }

    private async Task TickAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(_options.LogInterval, _stop.Token);
            long next = Interlocked.Read(ref _sequence) + 1;
            Write("kvmd.service", $"kvmd.apps.kvmd.server  INFO --- Heartbeat {next}");
        }
    }
}
