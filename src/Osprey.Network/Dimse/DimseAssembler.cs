using Osprey.Network.Pdu;

namespace Osprey.Network.Dimse;

/// <summary>
/// Reassembles the DIMSE messages of one association from its presentation data values, fed in
/// the order they arrived (PS3.8 Annex E, PS3.7 §6.3.1). A message is a command set, in one or more
/// command fragments, then — when its Command Data Set Type says so — a data set in one or more
/// data fragments, all on one presentation context; messages follow one another without
/// interleaving. Command fragments are buffered (up to <see cref="MaxCommandLength"/>) and decoded
/// when the last arrives; data fragments are handed straight back, unbuffered and uncopied, for the
/// caller to stream wherever the data set goes. Any breach of these rules throws
/// <see cref="DimseFormatException"/>, after which the association should be aborted (the assembler
/// is <see cref="Reset"/> to wait for a new command). Not thread-safe: one per association.
/// </summary>
public sealed class DimseAssembler
{
    /// <summary>The default cap on a command set: real ones are a few hundred bytes.</summary>
    public const int DefaultMaxCommandLength = 64 * 1024;

    private enum State { AwaitingCommand, InCommand, AwaitingDataSet }

    private State _state;
    private byte _contextId;
    private byte[] _commandBuffer = [];
    private int _commandLength;
    private DimseCommand? _command;

    public DimseAssembler(int maxCommandLength = DefaultMaxCommandLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCommandLength);
        MaxCommandLength = maxCommandLength;
    }

    /// <summary>The longest command set accepted, in bytes; a longer one throws <see cref="DimseFormatException"/>.</summary>
    public int MaxCommandLength { get; }

    /// <summary>True between messages: no command fragment buffered and no data set expected.</summary>
    public bool IsIdle => _state == State.AwaitingCommand;

    /// <summary>The command whose data set is being received, if any.</summary>
    public DimseCommand? CommandAwaitingDataSet => _state == State.AwaitingDataSet ? _command : null;

    /// <summary>Forgets any partial message, to wait for a new command.</summary>
    public void Reset()
    {
        _state = State.AwaitingCommand;
        _commandLength = 0;
        _command = null;
    }

    /// <summary>
    /// Takes the next PDV of the association and says what it completed. Throws
    /// <see cref="DimseFormatException"/> for a data fragment with no command before it or before the
    /// command's last fragment, a command fragment while a data set is expected, a change of
    /// presentation context within a message, a command longer than <see cref="MaxCommandLength"/>,
    /// or a command set that cannot be decoded (see <see cref="DimseCommand.Decode"/>).
    /// </summary>
    public DimseFeedResult Feed(PresentationDataValue pdv)
    {
        try
        {
            return pdv.IsCommand ? FeedCommand(pdv) : FeedData(pdv);
        }
        catch (DimseFormatException)
        {
            Reset();
            throw;
        }
    }

    private DimseFeedResult FeedCommand(PresentationDataValue pdv)
    {
        switch (_state)
        {
            case State.AwaitingDataSet:
                throw new DimseFormatException(
                    $"a command fragment arrived on presentation context {pdv.PresentationContextId} while the data set of the {_command} " +
                    $"on presentation context {_contextId} was still expected (PS3.8 Annex E: messages are not interleaved)");
            case State.AwaitingCommand:
                _state = State.InCommand;
                _contextId = pdv.PresentationContextId;
                _commandLength = 0;
                break;
            case State.InCommand:
                CheckContext(pdv, "command");
                break;
        }

        var data = pdv.Data.Span;
        if ((long)_commandLength + data.Length > MaxCommandLength)
            throw new DimseFormatException(
                $"the command set on presentation context {_contextId} is longer than the {MaxCommandLength} bytes accepted " +
                $"({_commandLength + (long)data.Length} bytes so far)");

        if (pdv.IsLastFragment && _commandLength == 0)
            return Complete(DimseCommand.Decode(pdv.Data)); // the usual case: the whole command in one PDV, decoded without buffering

        if (_commandBuffer.Length < _commandLength + data.Length)
            Array.Resize(ref _commandBuffer, (int)Math.Min(MaxCommandLength, Math.Max(2L * _commandBuffer.Length, _commandLength + data.Length)));
        data.CopyTo(_commandBuffer.AsSpan(_commandLength));
        _commandLength += data.Length;
        if (!pdv.IsLastFragment) return DimseFeedResult.CommandFragment(_contextId);

        int length = _commandLength;
        _commandLength = 0;
        return Complete(DimseCommand.Decode(_commandBuffer.AsMemory(0, length)));
    }

    private DimseFeedResult Complete(DimseCommand command)
    {
        if (command.HasDataSet)
        {
            _state = State.AwaitingDataSet;
            _command = command;
        }
        else
        {
            _state = State.AwaitingCommand;
            _command = null;
        }
        return DimseFeedResult.CommandComplete(_contextId, command);
    }

    private DimseFeedResult FeedData(PresentationDataValue pdv)
    {
        switch (_state)
        {
            case State.AwaitingCommand:
                throw new DimseFormatException(
                    $"a data set fragment arrived on presentation context {pdv.PresentationContextId} with no command announcing a data set before it");
            case State.InCommand:
                throw new DimseFormatException(
                    $"a data set fragment arrived on presentation context {pdv.PresentationContextId} before the last fragment of the command");
        }
        CheckContext(pdv, "data set");
        var command = _command!;
        if (pdv.IsLastFragment)
        {
            _state = State.AwaitingCommand;
            _command = null;
        }
        return DimseFeedResult.DataFragment(_contextId, command, pdv.Data, pdv.IsLastFragment);
    }

    private void CheckContext(PresentationDataValue pdv, string what)
    {
        if (pdv.PresentationContextId != _contextId)
            throw new DimseFormatException(
                $"a {what} fragment arrived on presentation context {pdv.PresentationContextId} within a message on presentation context {_contextId} " +
                "(PS3.8 Annex E: all fragments of a message use one presentation context)");
    }
}
