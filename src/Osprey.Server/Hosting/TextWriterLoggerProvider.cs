using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Osprey.Server.Hosting;

/// <summary>
/// The log of <c>osprey serve</c>: one line per entry, <c>UTC-time level message</c>, written to a
/// <see cref="TextWriter"/> (standard output, or a test's writer). An exception follows on the next
/// lines. One format for every part of the host, DICOM and web alike.
/// </summary>
public sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(writer);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {Level(logLevel)} {formatter(state, exception)}";
            if (exception != null) line += Environment.NewLine + exception;
            lock (writer)
            {
                writer.WriteLine(line);
                writer.Flush();
            }
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
