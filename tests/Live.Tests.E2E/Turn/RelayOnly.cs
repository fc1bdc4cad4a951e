namespace Live.Tests.E2E.Turn;

/// <summary>Browser-side settings that make a page behave as if its network blocked everything but the relay.</summary>
public static class RelayOnly
{
    /// <summary>
    /// An init script: every RTCPeerConnection the page builds uses <c>iceTransportPolicy: "relay"</c>, so Chromium
    /// gathers and uses relay candidates only (the page's own code is unchanged).
    /// </summary>
    public const string InitScript = """
        (() => {
          const Native = window.RTCPeerConnection;
          window.RTCPeerConnection = class extends Native {
            constructor(config, ...rest) { super({ ...(config ?? {}), iceTransportPolicy: 'relay' }, ...rest); }
          };
        })();
        """;

    /// <summary>The selected candidate pair's local candidate type and relay protocol of an RTCPeerConnection named by <paramref name="expression"/>.</summary>
    public static string SelectedPairScript(string expression) => $$"""
        async () => {
          const pc = {{expression}};
          if (!pc) return null;
          const stats = await pc.getStats();
          let pair = null;
          stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
          const local = pair ? stats.get(pair.localCandidateId) : null;
          return local ? `${local.candidateType}/${local.protocol}/${local.relayProtocol ?? ''}` : null;
        }
        """;
}
