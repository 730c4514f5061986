using Osprey.Archive.Index;
using Osprey.Network.Services;
using Osprey.Server.Retrieve;

namespace Osprey.Server.Tests.Retrieve;

/// <summary>
/// The presentation contexts a C-MOVE proposes to its destination and the one each instance is sent
/// on (PS3.4 C.4.2.3.1): stored syntax when accepted, else an uncompressed one it can be transcoded to,
/// never a compressed instance decompressed.
/// </summary>
public class SubOperationContextsTests
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2", Mr = "1.2.840.10008.5.1.4.1.1.4";
    private const string ExplicitLe = "1.2.840.10008.1.2.1", ImplicitLe = "1.2.840.10008.1.2", ExplicitBe = "1.2.840.10008.1.2.2";
    private const string JpegBaseline = "1.2.840.10008.1.2.4.50", Jpeg2000 = "1.2.840.10008.1.2.4.90";

    private static IndexedInstance Instance(string sopClass, string ts, string uid = "1.2.3")
        => new("1.2", "1.2.1", uid, sopClass, "f.dcm", 1, ts, "AE", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Each_SOP_class_gets_a_context_per_stored_syntax_and_one_with_the_little_endian_syntaxes()
    {
        var proposals = SubOperationContexts.Propose(
            [Instance(Ct, JpegBaseline), Instance(Ct, ExplicitLe), Instance(Ct, JpegBaseline), Instance(Ct, ExplicitBe), Instance(Mr, ImplicitLe)],
            preferredTransferSyntax: ImplicitLe);

        Assert.Equal(4, proposals.Count);
        Assert.Contains(proposals, p => p.AbstractSyntax == Ct && p.TransferSyntaxes.SequenceEqual([JpegBaseline]));
        Assert.Contains(proposals, p => p.AbstractSyntax == Ct && p.TransferSyntaxes.SequenceEqual([ExplicitBe]));
        Assert.Contains(proposals, p => p.AbstractSyntax == Ct && p.TransferSyntaxes.SequenceEqual([ImplicitLe, ExplicitLe]));
        Assert.Contains(proposals, p => p.AbstractSyntax == Mr && p.TransferSyntaxes.SequenceEqual([ImplicitLe, ExplicitLe]));
    }

    [Fact]
    public void No_more_than_128_contexts_are_proposed()
    {
        var instances = Enumerable.Range(0, 200).Select(i => Instance($"1.2.840.10008.5.1.4.1.1.{i}", Jpeg2000, $"1.2.3.{i}")).ToList();
        Assert.Equal(SubOperationContexts.MaxContexts, SubOperationContexts.Propose(instances, ExplicitLe).Count);
    }

    [Fact]
    public void An_instance_goes_in_its_stored_syntax_when_accepted_else_transcoded_and_a_compressed_one_never_decompressed()
    {
        AcceptedPresentationContext[] accepted =
        [
            new(1, Ct, ExplicitLe, true, false),
            new(3, Ct, ImplicitLe, true, false),
            new(5, Mr, ExplicitLe, true, false),
        ];

        Assert.Equal(3, SubOperationContexts.Choose(accepted, Instance(Ct, ImplicitLe))!.Id);
        Assert.Equal(1, SubOperationContexts.Choose(accepted, Instance(Ct, ExplicitBe))!.Id);
        Assert.Equal(5, SubOperationContexts.Choose(accepted, Instance(Mr, ImplicitLe))!.Id);
        Assert.Null(SubOperationContexts.Choose(accepted, Instance(Ct, JpegBaseline)));
        Assert.Null(SubOperationContexts.Choose(accepted, Instance("1.2.840.10008.5.1.4.1.1.7", ExplicitLe)));
    }
}
