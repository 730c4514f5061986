namespace Osprey.Network.Association;

/// <summary>
/// How Osprey names itself in A-ASSOCIATE PDUs and file meta information (PS3.7 §D.3.3.2): an
/// Implementation Class UID under the UUID-derived root 2.25 (PS3.5 §B.2) and a version name.
/// </summary>
public static class OspreyImplementation
{
    public const string ClassUid = "2.25.222644257275213817849638486888724997772";
    public const string VersionName = "OSPREY_0_1";
}
