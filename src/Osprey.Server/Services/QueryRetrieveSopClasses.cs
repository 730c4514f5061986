namespace Osprey.Server.Services;

/// <summary>The Query/Retrieve SOP classes Osprey serves as SCP (PS3.4 C.6.1 Patient Root, C.6.2 Study Root).</summary>
public static class QueryRetrieveSopClasses
{
    public const string PatientRootFind = "1.2.840.10008.5.1.4.1.2.1.1";
    public const string PatientRootMove = "1.2.840.10008.5.1.4.1.2.1.2";
    public const string PatientRootGet = "1.2.840.10008.5.1.4.1.2.1.3";
    public const string StudyRootFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public const string StudyRootMove = "1.2.840.10008.5.1.4.1.2.2.2";
    public const string StudyRootGet = "1.2.840.10008.5.1.4.1.2.2.3";

    public static IReadOnlyList<string> Find { get; } = [PatientRootFind, StudyRootFind];
    public static IReadOnlyList<string> Move { get; } = [PatientRootMove, StudyRootMove];
    public static IReadOnlyList<string> Get { get; } = [PatientRootGet, StudyRootGet];
}
