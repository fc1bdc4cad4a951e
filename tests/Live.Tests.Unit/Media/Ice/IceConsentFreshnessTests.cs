using System.Net;
using Live.Media.Ice;

namespace Live.Tests.Unit.Media.Ice;

/// <summary>Consent freshness per RFC 7675 §5.1 driven by a manual clock.</summary>
public sealed class IceConsentFreshnessTests
{
    private static readonly IceCredentials Local = IceCredentials.Generate();
    private static readonly SocketAddress Browser = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 54321).Serialize();
    private static readonly SocketAddress Elsewhere = new IPEndPoint(IPAddress.Parse("192.0.2.99"), 1000).Serialize();

    private readonly ManualTimeProvider _time = new();
    private readonly IceLiteAgent _agent;
    private readonly byte[] _response = new byte[IceLiteAgent.MinResponseBufferLength];

    public IceConsentFreshnessTests()
    {
        _agent = new IceLiteAgent(Local, _time);
        _agent.SetRemoteCredentials("rmte");
    }

    private static IceCheck Check => new($"{Local.Ufrag}:rmte", Local.Password);

    [Fact]
    public void ConsentTimeout_Is30Seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), IceLiteAgent.ConsentTimeout);
    }

    [Fact]
    public void IsConsentExpired_SilenceShorterThanTimeout_False()
    {
        _agent.HandleBindingRequest(Check.Build(), Browser, _response, out _);

        _time.Advance(IceLiteAgent.ConsentTimeout - TimeSpan.FromMilliseconds(1));

        Assert.False(_agent.IsConsentExpired());
    }

    [Fact]
    public void IsConsentExpired_ThirtySecondsOfSilence_True()
    {
        _agent.HandleBindingRequest(Check.Build(), Browser, _response, out _);

        _time.Advance(IceLiteAgent.ConsentTimeout);

        Assert.True(_agent.IsConsentExpired());
    }

    [Fact]
    public void IsConsentExpired_NeverChecked_ExpiresFromCreation()
    {
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_agent.IsConsentExpired());

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_agent.IsConsentExpired());
    }

    [Fact]
    public void ValidCheck_BeforeTimeout_RestartsTheClock()
    {
        _agent.HandleBindingRequest((Check with { UseCandidate = true }).Build(), Browser, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(25));

        _agent.HandleBindingRequest(Check.Build(), Browser, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(25));

        Assert.False(_agent.IsConsentExpired());
        Assert.Equal(TimeSpan.FromSeconds(25), _agent.TimeSinceLastValidCheck);
    }

    [Fact]
    public void InvalidCheck_DoesNotRefreshConsent()
    {
        _agent.HandleBindingRequest(Check.Build(), Browser, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(25));

        _agent.HandleBindingRequest((Check with { Password = "someoneElsesPassword12345" }).Build(), Browser, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(_agent.IsConsentExpired());
    }

    [Fact]
    public void ValidCheckFromAnotherAddress_AfterNomination_DoesNotRefreshSelectedPairConsent()
    {
        _agent.HandleBindingRequest((Check with { UseCandidate = true }).Build(), Browser, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(25));

        _agent.HandleBindingRequest(Check.Build(), Elsewhere, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(_agent.IsConsentExpired());
    }
}
