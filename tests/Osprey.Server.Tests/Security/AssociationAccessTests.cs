using System.Net;
using System.Text;
using Osprey.Network.Association;
using Osprey.Network.Pdu;
using Osprey.Server.Security;
using Osprey.Server.Services;
using Osprey.Server.Settings;

namespace Osprey.Server.Tests.Security;

/// <summary>Access control decided from an A-ASSOCIATE-RQ and the peer's address, without a network.</summary>
public sealed class AssociationAccessTests
{
    private const string CtStorage = "1.2.840.10008.5.1.4.1.1.2";

    private static OspreySettings Settings(string mode, params RemoteDevice[] devices)
    {
        var s = new OspreySettings();
        s.Dicom.AccessControl = mode;
        s.Devices.AddRange(devices);
        return s;
    }

    private static async Task<AcceptorPolicy> Decide(OspreySettings settings, string calling, string from, UserIdentityRq? identity = null)
    {
        var access = await AssociationAccess.CreateAsync(settings, new SettingsResolver(settings));
        var request = new AssociateRq { CallingAeTitle = calling, CalledAeTitle = "OSPREY", PresentationContexts = [], UserInformation = new UserInformation { UserIdentity = identity } };
        return access.Apply(new AcceptorPolicy { CalledAeTitles = ["OSPREY"] }, request, new AssociationPeer(new IPEndPoint(IPAddress.Parse(from), 40000)));
    }

    [Fact]
    public async Task Open_mode_accepts_any_AE_title_with_every_role_and_known_devices_only_listed_ones_from_their_host()
    {
        var ct = new RemoteDevice { AeTitle = "CT1", Host = "10.0.0.5", Port = 104 };
        var open = await Decide(Settings(AccessControlModes.Open, ct), "ANYONE", "10.9.9.9");
        Assert.Null(open.Rejection);
        Assert.Null(open.Roles);

        var known = Settings(AccessControlModes.KnownDevices, ct);
        Assert.Null((await Decide(known, "CT1", "10.0.0.5")).Rejection);
        Assert.Null((await Decide(known, "CT1  ", "::ffff:10.0.0.5")).Rejection); // trailing spaces and IPv4-mapped IPv6
        var stranger = (await Decide(known, "ANYONE", "10.0.0.5")).Rejection;
        Assert.NotNull(stranger);
        Assert.Equal(AssociateRjReason.ServiceUserCallingAeTitleNotRecognized, stranger.Reason);
        Assert.Equal(AssociateRjResult.RejectedPermanent, stranger.Result);
        var elsewhere = (await Decide(known, "CT1", "10.0.0.6")).Rejection;
        Assert.NotNull(elsewhere);
        Assert.Contains("known at 10.0.0.5, not at 10.0.0.6", elsewhere.Why);
    }

    [Fact]
    public void Allowed_services_become_roles_per_SOP_class()
    {
        var store = new RemoteDevice { AeTitle = "A", AllowedServices = ["store"] };
        Assert.Equal(RequestorRoles.Scu, AssociationAccess.RolesFor(store, CtStorage));
        Assert.Equal(RequestorRoles.None, AssociationAccess.RolesFor(store, QueryRetrieveSopClasses.StudyRootFind));
        Assert.Equal(RequestorRoles.None, AssociationAccess.RolesFor(store, "1.2.840.10008.1.1"));

        var get = new RemoteDevice { AeTitle = "B", AllowedServices = ["get"] };
        Assert.Equal(RequestorRoles.Scp, AssociationAccess.RolesFor(get, CtStorage)); // takes our C-STOREs, sends none
        Assert.Equal(RequestorRoles.Scu, AssociationAccess.RolesFor(get, QueryRetrieveSopClasses.PatientRootGet));
        Assert.Equal(RequestorRoles.None, AssociationAccess.RolesFor(get, QueryRetrieveSopClasses.PatientRootMove));

        var words = new RemoteDevice { AeTitle = "C", AllowedServices = ["query", "retrieve", "echo"] };
        Assert.Equal(RequestorRoles.Scu, AssociationAccess.RolesFor(words, QueryRetrieveSopClasses.StudyRootFind));
        Assert.Equal(RequestorRoles.Scu, AssociationAccess.RolesFor(words, QueryRetrieveSopClasses.StudyRootMove));
        Assert.Equal(RequestorRoles.Scp, AssociationAccess.RolesFor(words, CtStorage));
        Assert.Equal(RequestorRoles.Scu, AssociationAccess.RolesFor(words, "1.2.840.10008.1.1"));

        Assert.Equal(RequestorRoles.Both, AssociationAccess.RolesFor(new RemoteDevice { AeTitle = "D" }, CtStorage)); // empty list: everything
    }

    [Fact]
    public async Task User_identities_are_checked_when_users_exist_and_the_positive_response_is_given_when_asked()
    {
        var settings = Settings(AccessControlModes.Open);
        settings.Dicom.Users = [new DicomUser { Username = "alice", PasswordHash = PasswordHash.Create("pw", 1000) }, new DicomUser { Username = "ct" }];
        UserIdentityRq Identity(string user, string? password, bool ask = true) =>
            new(password == null ? UserIdentityType.Username : UserIdentityType.UsernameAndPasscode, ask, Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(password ?? ""));

        var accepted = await Decide(settings, "X", "10.0.0.1", Identity("alice", "pw"));
        Assert.Null(accepted.Rejection);
        Assert.Equal("alice", accepted.User);
        Assert.NotNull(accepted.UserIdentityResponse);
        Assert.Empty(accepted.UserIdentityResponse.ServerResponse);
        Assert.Null((await Decide(settings, "X", "10.0.0.1", Identity("alice", "pw", ask: false))).UserIdentityResponse);
        Assert.Null((await Decide(settings, "X", "10.0.0.1", Identity("ct", null))).Rejection);
        Assert.Null((await Decide(settings, "X", "10.0.0.1")).Rejection); // not required

        foreach (var bad in new[] { Identity("alice", "PW"), Identity("alice", null), Identity("bob", "pw"), new UserIdentityRq(UserIdentityType.JsonWebToken, false, [1], []) })
        {
            var refused = (await Decide(settings, "X", "10.0.0.1", bad)).Rejection;
            Assert.NotNull(refused);
            Assert.Equal(AssociateRjReason.ServiceUserNoReasonGiven, refused.Reason);
        }

        settings.Dicom.RequireUserIdentity = true;
        Assert.NotNull((await Decide(settings, "X", "10.0.0.1")).Rejection);

        // Without users, an identity is ignored rather than refused.
        Assert.Null((await Decide(Settings(AccessControlModes.Open), "X", "10.0.0.1", Identity("anyone", "x"))).Rejection);
    }
}
