// Each browser test drives several Chromium pages doing real WebRTC; on a 2-core machine two such tests at once
// starve each other (frames stall, timers slip), so the browser tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
