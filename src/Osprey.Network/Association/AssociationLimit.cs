namespace Osprey.Network.Association;

/// <summary>
/// The most associations open at once (Dicom:MaxAssociations), shared by every listener given the
/// same instance (the TCP and the TLS port count against one limit).
/// </summary>
public sealed class AssociationLimit(int max)
{
    private int _active;

    public int Max { get; } = max;

    /// <summary>Takes a slot; false when all are taken.</summary>
    public bool TryReserve()
    {
        while (true)
        {
            int current = Volatile.Read(ref _active);
            if (current >= Max) return false;
            if (Interlocked.CompareExchange(ref _active, current + 1, current) == current) return true;
        }
    }

    /// <summary>Gives back a slot taken by <see cref="TryReserve"/>.</summary>
    public void Release() => Interlocked.Decrement(ref _active);
}
