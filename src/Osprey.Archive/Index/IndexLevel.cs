namespace Osprey.Archive.Index;

/// <summary>
/// The levels of the Query/Retrieve information models (PS3.4 C.6.1.1, C.6.2.1): the values PATIENT,
/// STUDY, SERIES and IMAGE of Query/Retrieve Level (0008,0052), and the four tables of the index.
/// </summary>
public enum IndexLevel
{
    Patient,
    Study,
    Series,
    Instance,
}
