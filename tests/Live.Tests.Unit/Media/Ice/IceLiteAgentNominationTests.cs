using System.Net;
using Live.Media.Ice;

namespace Live.Tests.Unit.Media.Ice;

/// <summary>
/// More than one nominated pair (RFC 5245 §8.1.1.2 aggressive nomination, as Firefox does; RFC 8445 §8.1.1): the
/// highest-priority pair stays selected while it is alive, whatever order the nominations arrive in.
/// </summary>
public sealed class IceLiteAgentNominationTests
{
    private static readonly IceCredentials Local = new("LoCaL8uf", "localPasswordOf24Chars+/");
    private const string RemoteUfrag = "ReMo";
    private static readonly SocketAddress UdpBrowser = new IPEndPoint(IPAddress.Loopback, 54321).Serialize();
    private static readonly SocketAddress TcpBrowser = new IPEndPoint(IPAddress.Loopback, 40000).Serialize();
    private static readonly uint Udp = IceCandidatePriority.Host();
    private static readonly uint Tcp = IceCandidatePriority.HostTcpPassive();

    private readonly ManualTimeProvider _time = new();
    private readonly IceLiteAgent _agent;
    private readonly byte[] _response = new byte[IceLiteAgent.MinResponseBufferLength];
    private readonly List<SocketAddress> _changes = [];

    public IceLiteAgentNominationTests()
    {
        _agent = new IceLiteAgent(Local, _time);
        _agent.SetRemoteCredentials(RemoteUfrag);
        _agent.SelectedRemoteChanged += (_, address) => _changes.Add(address);
    }

    private IceCheckOutcome Check(SocketAddress from, uint localPriority, bool nominate = true, uint remotePriority = 0x6E7F1EFF) =>
        _agent.HandleBindingRequest(
            new IceCheck($"{Local.Ufrag}:{RemoteUfrag}", Local.Password) { UseCandidate = nominate, Priority = remotePriority }.Build(),
            from, localPriority, _response, out _);

    [Fact]
    public void LowerPriorityNominationRightAfterTheSelectedOne_IsAnsweredButDoesNotMoveSelection()
    {
        Assert.Equal(IceCheckOutcome.Nominated, Check(UdpBrowser, Udp));
        _time.Advance(TimeSpan.FromMilliseconds(13));

        Assert.Equal(IceCheckOutcome.Accepted, Check(TcpBrowser, Tcp));

        Assert.Equal(UdpBrowser, _agent.SelectedRemote);
        Assert.Equal([UdpBrowser], _changes);
    }

    [Fact]
    public void HigherPriorityNominationAfterALowerOne_TakesOver()
    {
        Assert.Equal(IceCheckOutcome.Nominated, Check(TcpBrowser, Tcp));
        _time.Advance(TimeSpan.FromMilliseconds(13));

        Assert.Equal(IceCheckOutcome.Nominated, Check(UdpBrowser, Udp));

        Assert.Equal([TcpBrowser, UdpBrowser], _changes);
    }

    [Fact]
    public void LowerPriorityNomination_TakesOverOnceTheSelectedPairWentQuiet()
    {
        Check(UdpBrowser, Udp);
        _time.Advance(IceLiteAgent.SelectedPairQuietAfter - TimeSpan.FromMilliseconds(100));
        Assert.Equal(IceCheckOutcome.Accepted, Check(TcpBrowser, Tcp));

        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(IceCheckOutcome.Nominated, Check(TcpBrowser, Tcp));
        Assert.Equal(TcpBrowser, _agent.SelectedRemote);
    }

    [Fact]
    public void SelectedPairsOwnChecksKeepItAlive()
    {
        Check(UdpBrowser, Udp);
        for (int i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5)); // a consent check every 5 s (RFC 7675 §5.1)
            Check(UdpBrowser, Udp, nominate: false);
        }

        Assert.Equal(IceCheckOutcome.Accepted, Check(TcpBrowser, Tcp));
        Assert.Equal(UdpBrowser, _agent.SelectedRemote);
    }

    [Fact]
    public void AfterIceRestart_TheNewSessionsFirstNominationWinsWhateverItsPriority()
    {
        Check(UdpBrowser, Udp);
        _agent.Restart(new IceCredentials("NeWLoCaL", "newLocalPasswordOf24Chr+"), "NeWR");

        IceCheckOutcome outcome = _agent.HandleBindingRequest(
            new IceCheck("NeWLoCaL:NeWR", "newLocalPasswordOf24Chr+") { UseCandidate = true }.Build(),
            TcpBrowser, Tcp, _response, out _);

        Assert.Equal(IceCheckOutcome.Nominated, outcome);
        Assert.Equal(TcpBrowser, _agent.SelectedRemote);
    }

    [Fact]
    public void SameLocalCandidate_TheBrowsersHigherPriorityCandidateWins()
    {
        SocketAddress relayed = new IPEndPoint(IPAddress.Parse("192.0.2.80"), 3478).Serialize();
        Check(UdpBrowser, Udp, remotePriority: 0x7E7F1EFF); // host
        Assert.Equal(IceCheckOutcome.Accepted, Check(relayed, Udp, remotePriority: 0x027F1EFF)); // relayed

        Assert.Equal(UdpBrowser, _agent.SelectedRemote);
    }

    [Theory]
    [InlineData(10u, 20u, 42_949_673_000UL)]   // 2^32·10 + 2·20
    [InlineData(20u, 10u, 42_949_673_001UL)]   // 2^32·10 + 2·20 + 1 (G > D)
    [InlineData(7u, 7u, 30_064_771_086UL)]     // 2^32·7 + 2·7
    public void PairPriority_FollowsRfc8445Formula(uint controlling, uint controlled, ulong expected)
    {
        Assert.Equal(expected, IceLiteAgent.PairPriority(controlling, controlled));
        Assert.True(IceLiteAgent.PairPriority(0x7E7F1EFF, Udp) > IceLiteAgent.PairPriority(0x7E7F1EFF, Tcp));
    }
}
