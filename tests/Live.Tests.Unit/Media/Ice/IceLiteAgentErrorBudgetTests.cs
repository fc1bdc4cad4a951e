using System.Net;
using Live.Media.Ice;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Ice;

/// <summary>
/// The agent answers checks it cannot authenticate (400/401) only within a budget per transport, so a flood of forged
/// checks carrying a real ufrag is not reflected; authenticated checks are never limited.
/// </summary>
public sealed class IceLiteAgentErrorBudgetTests
{
    private static readonly IceCredentials Local = new("LoCaL8uf", "localPasswordOf24Chars+/");
    private static readonly SocketAddress Browser = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 54321).Serialize();
    private static readonly SocketAddress Attacker = new IPEndPoint(IPAddress.Parse("198.51.100.66"), 4444).Serialize();

    private readonly ManualTimeProvider _time = new();
    private readonly IceLiteAgent _agent;
    private readonly byte[] _response = new byte[IceLiteAgent.MinResponseBufferLength];

    public IceLiteAgentErrorBudgetTests()
    {
        _agent = new IceLiteAgent(Local, _time);
        _agent.SetRemoteCredentials("ReMo");
    }

    private static IceCheck ValidCheck => new($"{Local.Ufrag}:ReMo", Local.Password);

    private static IceCheck ForgedCheck => ValidCheck with { Password = "guessedPasswordGuessed12" };

    [Fact]
    public void ForgedChecks_AnsweredUpToTheBurst_ThenRateLimitedWithNothingWritten_ValidCheckStillAnswered()
    {
        int answered = 0;
        for (int i = 0; i < 50; i++)
        {
            IceCheckOutcome outcome = _agent.HandleBindingRequest(ForgedCheck.Build(), Attacker, _response, out int written);
            if (i < IceLiteAgent.UnauthenticatedErrorBurst)
            {
                Assert.Equal(IceCheckOutcome.Unauthorized, outcome);
                Assert.True(written > 0);
                answered++;
            }
            else
            {
                Assert.Equal(IceCheckOutcome.ErrorRateLimited, outcome);
                Assert.Equal(0, written);
            }
        }

        Assert.Equal(IceLiteAgent.UnauthenticatedErrorBurst, answered);
        Assert.Equal(IceCheckOutcome.Nominated,
            _agent.HandleBindingRequest((ValidCheck with { UseCandidate = true }).Build(), Browser, _response, out int success));
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, success), out StunMessage? response));
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
    }

    [Fact]
    public void ForgedChecks_AfterTheBudgetRefills_OneMoreAnswerPerInterval()
    {
        for (int i = 0; i < IceLiteAgent.UnauthenticatedErrorBurst; i++)
        {
            Assert.Equal(IceCheckOutcome.Unauthorized, _agent.HandleBindingRequest(ForgedCheck.Build(), Attacker, _response, out _));
        }

        Assert.Equal(IceCheckOutcome.ErrorRateLimited, _agent.HandleBindingRequest(ForgedCheck.Build(), Attacker, _response, out _));
        _time.Advance(IceLiteAgent.UnauthenticatedErrorRefill);
        Assert.Equal(IceCheckOutcome.Unauthorized, _agent.HandleBindingRequest(ForgedCheck.Build(), Attacker, _response, out int written));
        Assert.True(written > 0);
        Assert.Equal(IceCheckOutcome.ErrorRateLimited, _agent.HandleBindingRequest(ForgedCheck.Build(), Attacker, _response, out _));
    }

    [Fact]
    public void MissingIntegrityAndNonBindingRequests_ShareTheBudget()
    {
        var buffer = new byte[64];
        var allocate = new StunMessageWriter(buffer, new StunMessageType((StunMethod)0x003, StunMessageClass.Request), StunTransactionId.NewRandom());
        allocate.AddFingerprint();
        byte[] notBinding = allocate.Written.ToArray();
        byte[] noIntegrity = (ValidCheck with { WithIntegrity = false }).Build();

        var outcomes = new List<IceCheckOutcome>();
        for (int i = 0; i < IceLiteAgent.UnauthenticatedErrorBurst + 2; i++)
        {
            outcomes.Add(_agent.HandleBindingRequest(i % 2 == 0 ? notBinding : noIntegrity, Attacker, _response, out _));
        }

        Assert.All(outcomes.Take(IceLiteAgent.UnauthenticatedErrorBurst), o => Assert.Equal(IceCheckOutcome.BadRequest, o));
        Assert.All(outcomes.Skip(IceLiteAgent.UnauthenticatedErrorBurst), o => Assert.Equal(IceCheckOutcome.ErrorRateLimited, o));
    }
}
