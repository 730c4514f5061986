using Osprey.Network.Association;
using Osprey.Network.Pdu;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>Presentation context negotiation is a pure function; these are its rules (PS3.8 §9.3.3.2).</summary>
public class PresentationContextNegotiatorTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string Implicit = "1.2.840.10008.1.2", Explicit = "1.2.840.10008.1.2.1", BigEndian = "1.2.840.10008.1.2.2", Jpeg = "1.2.840.10008.1.2.4.50";

    private static IReadOnlyCollection<string>? Services(string abstractSyntax)
        => abstractSyntax == Verification ? [Explicit, Implicit, BigEndian] : null;

    [Fact]
    public void The_preferred_syntax_wins_when_proposed()
    {
        var result = PresentationContextNegotiator.Negotiate([new(1, Verification, [Implicit, BigEndian])], Services, BigEndian);
        Assert.Equal(new PresentationContextAc(1, PresentationContextResult.Acceptance, BigEndian), result[0]);
    }

    [Fact]
    public void Otherwise_the_fallback_order_decides_not_the_proposal_order()
    {
        var result = PresentationContextNegotiator.Negotiate([new(3, Verification, [Implicit, Explicit])], Services, BigEndian);
        Assert.Equal(Explicit, result[0].TransferSyntax);
    }

    [Fact]
    public void An_unknown_abstract_syntax_is_rejected_with_abstract_syntax_not_supported()
    {
        var result = PresentationContextNegotiator.Negotiate([new(5, "1.2.3.4", [Implicit])], Services, Explicit);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, result[0].Result);
        Assert.Equal(5, result[0].Id);
    }

    [Fact]
    public void No_acceptable_transfer_syntax_is_rejected_with_transfer_syntaxes_not_supported()
    {
        var result = PresentationContextNegotiator.Negotiate([new(7, Verification, [Jpeg])], Services, Explicit);
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, result[0].Result);
    }

    [Fact]
    public void Each_context_is_answered_in_order_with_its_own_id()
    {
        var result = PresentationContextNegotiator.Negotiate(
            [new(1, Verification, [Implicit]), new(3, "1.2.3", [Implicit]), new(5, Verification, [Explicit])], Services, Explicit);
        Assert.Equal([1, 3, 5], result.Select(r => (int)r.Id));
        Assert.Equal([PresentationContextResult.Acceptance, PresentationContextResult.AbstractSyntaxNotSupported, PresentationContextResult.Acceptance], result.Select(r => r.Result));
    }
}
