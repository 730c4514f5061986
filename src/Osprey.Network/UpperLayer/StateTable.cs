using static Osprey.Network.UpperLayer.ProtocolAction;
using static Osprey.Network.UpperLayer.Event;
using static Osprey.Network.UpperLayer.State;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// PS3.8 §9.2 Table 9-10, the DICOM upper layer state transition table, one row per event as in the
/// standard. A cell the standard leaves empty has no action: the machine treats it as a protocol error
/// (see <see cref="UpperLayerMachine"/>).
/// </summary>
public static class StateTable
{
    private static readonly Dictionary<(State, Event), ProtocolAction> Cells = Build(
        Row(Evt1, (Sta1, AE1)),
        Row(Evt2, (Sta4, AE2)),
        Row(Evt3, (Sta2, AA1), (Sta3, AA8), (Sta5, AE3), (Sta6, AA8), (Sta7, AA8), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA6)),
        Row(Evt4, (Sta2, AA1), (Sta3, AA8), (Sta5, AE4), (Sta6, AA8), (Sta7, AA8), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA6)),
        Row(Evt5, (Sta1, AE5)),
        Row(Evt6, (Sta2, AE6), (Sta3, AA8), (Sta5, AA8), (Sta6, AA8), (Sta7, AA8), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA7)),
        Row(Evt7, (Sta3, AE7)),
        Row(Evt8, (Sta3, AE8)),
        Row(Evt9, (Sta6, DT1), (Sta8, AR7)),
        Row(Evt10, (Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, DT2), (Sta7, AR6), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA6)),
        Row(Evt11, (Sta6, AR1)),
        Row(Evt12, (Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, AR2), (Sta7, AR8), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA6)),
        Row(Evt13, (Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, AA8), (Sta7, AR3), (Sta8, AA8), (Sta9, AA8), (Sta10, AR10), (Sta11, AR3), (Sta12, AA8), (Sta13, AA6)),
        Row(Evt14, (Sta8, AR4), (Sta9, AR9), (Sta12, AR4)),
        Row(Evt15, (Sta3, AA1), (Sta4, AA2), (Sta5, AA1), (Sta6, AA1), (Sta7, AA1), (Sta8, AA1), (Sta9, AA1), (Sta10, AA1), (Sta11, AA1), (Sta12, AA1)),
        Row(Evt16, (Sta2, AA2), (Sta3, AA3), (Sta5, AA3), (Sta6, AA3), (Sta7, AA3), (Sta8, AA3), (Sta9, AA3), (Sta10, AA3), (Sta11, AA3), (Sta12, AA3), (Sta13, AA2)),
        Row(Evt17, (Sta2, AA5), (Sta3, AA4), (Sta4, AA4), (Sta5, AA4), (Sta6, AA4), (Sta7, AA4), (Sta8, AA4), (Sta9, AA4), (Sta10, AA4), (Sta11, AA4), (Sta12, AA4), (Sta13, AR5)),
        Row(Evt18, (Sta2, AA2), (Sta13, AA2)),
        Row(Evt19, (Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, AA8), (Sta7, AA8), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA7)));

    /// <summary>The action for an event in a state, or null where the table's cell is empty.</summary>
    public static ProtocolAction? Lookup(State state, Event evt) => Cells.TryGetValue((state, evt), out var a) ? a : null;

    /// <summary>Every non-empty cell.</summary>
    public static IEnumerable<(State State, Event Event, ProtocolAction Action)> AllCells => Cells.Select(c => (c.Key.Item1, c.Key.Item2, c.Value));

    /// <summary>
    /// The state an action leads to (Tables 9-6 to 9-9). AE-6 and AR-8 depend on a condition, given
    /// here: whether the service provider accepts the A-ASSOCIATE-RQ, and which side of the association
    /// this machine is.
    /// </summary>
    public static State NextState(ProtocolAction action, bool acceptable = true, bool isRequestor = false) => action switch
    {
        AE1 => Sta4,
        AE2 => Sta5,
        AE3 => Sta6,
        AE4 => Sta1,
        AE5 => Sta2,
        AE6 => acceptable ? Sta3 : Sta13,
        AE7 => Sta6,
        AE8 => Sta13,
        DT1 or DT2 => Sta6,
        AR1 => Sta7,
        AR2 => Sta8,
        AR3 => Sta1,
        AR4 => Sta13,
        AR5 => Sta1,
        AR6 => Sta7,
        AR7 => Sta8,
        AR8 => isRequestor ? Sta9 : Sta10,
        AR9 => Sta11,
        AR10 => Sta12,
        AA1 => Sta13,
        AA2 or AA3 or AA4 or AA5 => Sta1,
        AA6 or AA7 or AA8 => Sta13,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static (Event, (State, ProtocolAction)[]) Row(Event evt, params (State, ProtocolAction)[] cells) => (evt, cells);

    private static Dictionary<(State, Event), ProtocolAction> Build(params (Event Event, (State State, ProtocolAction Action)[] Cells)[] rows)
    {
        var table = new Dictionary<(State, Event), ProtocolAction>();
        foreach (var (evt, cells) in rows)
            foreach (var (state, action) in cells)
                table.Add((state, evt), action);
        return table;
    }
}
