using Prometheus;

namespace Osprey.Server.Hosting;

/// <summary>
/// What the DICOM services have done, for the status page (today, UTC, and since the start) and for
/// <c>/metrics</c> (Prometheus text format): instances stored, C-FIND queries, retrieves (C-MOVE,
/// C-GET), associations, and the C-STORE latency. The metrics live in this node's own
/// <see cref="Registry"/>, not in prometheus-net's global one: several nodes may run in one process.
/// </summary>
public sealed class NodeCounters
{
    private readonly TimeProvider _clock;
    private readonly Tally _stored, _queries, _retrieves;
    private readonly Counter _storedMetric, _queriesMetric, _retrievesMetric, _associationsMetric;
    private readonly Histogram _storeDuration;

    public NodeCounters(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _stored = new Tally(_clock);
        _queries = new Tally(_clock);
        _retrieves = new Tally(_clock);
        Registry = Metrics.NewCustomRegistry();
        var metrics = Metrics.WithCustomRegistry(Registry);
        _storedMetric = metrics.CreateCounter("osprey_cstore_instances_total", "Instances stored by C-STORE (acknowledged with Success).");
        _queriesMetric = metrics.CreateCounter("osprey_cfind_queries_total", "C-FIND requests answered.");
        _retrievesMetric = metrics.CreateCounter("osprey_retrieves_total", "C-MOVE and C-GET requests answered.", new CounterConfiguration { LabelNames = ["command"] });
        _associationsMetric = metrics.CreateCounter("osprey_associations_total", "Associations ended (accepted or rejected).");
        _storeDuration = metrics.CreateHistogram("osprey_cstore_duration_seconds", "C-STORE latency, from the start of the request to its response.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
    }

    /// <summary>The registry <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    public (long Today, long Total) InstancesStored => _stored.Read();

    public (long Today, long Total) Queries => _queries.Read();

    public (long Today, long Total) Retrieves => _retrieves.Read();

    /// <summary>One C-STORE answered after <paramref name="duration"/>; <paramref name="stored"/> when with Success.</summary>
    public void Store(TimeSpan duration, bool stored)
    {
        _storeDuration.Observe(duration.TotalSeconds);
        if (!stored) return;
        _stored.Add();
        _storedMetric.Inc();
    }

    public void Query()
    {
        _queries.Add();
        _queriesMetric.Inc();
    }

    /// <summary>One retrieve answered; <paramref name="command"/> is <c>C-MOVE</c> or <c>C-GET</c>.</summary>
    public void Retrieve(string command)
    {
        _retrieves.Add();
        _retrievesMetric.WithLabels(command).Inc();
    }

    public void Association() => _associationsMetric.Inc();

    /// <summary>A count since the start and one for the current UTC day.</summary>
    private sealed class Tally(TimeProvider clock)
    {
        private readonly Lock _lock = new();
        private DateOnly _day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        private long _today, _total;

        public void Add()
        {
            lock (_lock)
            {
                Roll();
                _today++;
                _total++;
            }
        }

        public (long Today, long Total) Read()
        {
            lock (_lock)
            {
                Roll();
                return (_today, _total);
            }
        }

        private void Roll()
        {
            var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            if (day == _day) return;
            _day = day;
            _today = 0;
        }
    }
}
