using Live.Media.Simulcast;

namespace Live.Tests.Unit.Media.Simulcast;

/// <summary>
/// A consumer forwards one layer and changes it only at a keyframe of the layer it switches to; it starts on the first
/// keyframe at or below its target; after a switch down it does not climb back before the hold-off (hysteresis).
/// </summary>
public sealed class SimulcastLayerSelectorTests
{
    private const long HoldOff = 3000; // ticks

    private static SimulcastForwardDecision Key(SimulcastLayerSelector s, int layer, long now = 0) => s.OnPacket(layer, isKeyFrameStart: true, now);

    private static SimulcastForwardDecision Delta(SimulcastLayerSelector s, int layer, long now = 0) => s.OnPacket(layer, isKeyFrameStart: false, now);

    [Fact]
    public void New_TargetsTheTopLayer_WantsTheLowestForItsFirstFrame()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);

        Assert.Equal(2, selector.TargetLayer);
        Assert.Equal(-1, selector.CurrentLayer);
        Assert.Equal(0, selector.WantedLayer(0));
    }

    [Fact]
    public void Start_OnlyAtAKeyframeAtOrBelowTheTarget()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        selector.SetTarget(1);

        Assert.Equal(SimulcastForwardDecision.Drop, Delta(selector, 0));
        Assert.Equal(SimulcastForwardDecision.Drop, Key(selector, 2)); // above the target
        Assert.Equal(SimulcastForwardDecision.Switch, Key(selector, 1));
        Assert.Equal(1, selector.CurrentLayer);
        Assert.Equal(0, selector.SwitchesUp + selector.SwitchesDown); // a start is no switch
    }

    [Fact]
    public void Start_OnTheLowestLayerArriving_WhateverTheTarget()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);

        Assert.Equal(SimulcastForwardDecision.Drop, selector.OnPacket(2, isKeyFrameStart: true, 0, lowestArriving: 0)); // the target, but not the lowest
        Assert.Equal(SimulcastForwardDecision.Drop, selector.OnPacket(1, isKeyFrameStart: true, 0, lowestArriving: 0));
        Assert.Equal(SimulcastForwardDecision.Switch, selector.OnPacket(0, isKeyFrameStart: true, 0, lowestArriving: 0));
        Assert.Equal(0, selector.CurrentLayer);
        Assert.Equal(2, selector.WantedLayer(0)); // then climbs to the target at its keyframe

        var noLowest = new SimulcastLayerSelector(3, HoldOff);
        noLowest.SetTarget(0);
        // q is not arriving (the publisher turned it off): h is the lowest there is, even above the target.
        Assert.Equal(SimulcastForwardDecision.Switch, noLowest.OnPacket(1, isKeyFrameStart: true, 0, lowestArriving: 1));
    }

    [Fact]
    public void SwitchUp_WaitsForTheTargetLayersKeyframe_CurrentLayerFlowsMeanwhile()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        selector.SetTarget(0);
        Key(selector, 0);
        selector.SetTarget(2);

        Assert.Equal(2, selector.WantedLayer(0));
        Assert.Equal(SimulcastForwardDecision.Forward, Delta(selector, 0));
        Assert.Equal(SimulcastForwardDecision.Drop, Delta(selector, 2));
        Assert.Equal(SimulcastForwardDecision.Drop, Key(selector, 1)); // a keyframe, but not of the target
        Assert.Equal(SimulcastForwardDecision.Forward, Delta(selector, 0));

        Assert.Equal(SimulcastForwardDecision.Switch, Key(selector, 2));
        Assert.Equal(2, selector.CurrentLayer);
        Assert.Equal(SimulcastForwardDecision.Drop, Delta(selector, 0));
        Assert.Equal(SimulcastForwardDecision.Forward, Delta(selector, 2));
        Assert.Equal(-1, selector.WantedLayer(0));
        Assert.Equal(1, selector.SwitchesUp);
    }

    [Fact]
    public void SwitchDown_AtTheLowerLayersKeyframe()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        Key(selector, 2);
        selector.SetTarget(0);

        Assert.Equal(0, selector.WantedLayer(10));
        Assert.Equal(SimulcastForwardDecision.Forward, Delta(selector, 2, 10));
        Assert.Equal(SimulcastForwardDecision.Drop, Delta(selector, 0, 10));
        Assert.Equal(SimulcastForwardDecision.Switch, Key(selector, 0, 20));
        Assert.Equal(0, selector.CurrentLayer);
        Assert.Equal(1, selector.SwitchesDown);
    }

    [Fact]
    public void SwitchUpAfterASwitchDown_OnlyOnceTheHoldOffPassed()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        Key(selector, 2, now: 0);
        selector.SetTarget(1);
        Assert.Equal(SimulcastForwardDecision.Switch, Key(selector, 1, now: 1000)); // down at 1000

        selector.SetTarget(2); // the budget came back at once
        Assert.Equal(-1, selector.WantedLayer(2000));
        Assert.Equal(SimulcastForwardDecision.Drop, Key(selector, 2, now: 2000));
        Assert.Equal(SimulcastForwardDecision.Drop, Key(selector, 2, now: 3999));
        Assert.Equal(1, selector.CurrentLayer);

        Assert.Equal(2, selector.WantedLayer(4000));
        Assert.Equal(SimulcastForwardDecision.Switch, Key(selector, 2, now: 4000));
        Assert.Equal(2, selector.CurrentLayer);
    }

    [Fact]
    public void SwitchDown_NotHeldOffBySwitchesBefore()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        Key(selector, 2, now: 0);
        selector.SetTarget(1);
        Key(selector, 1, now: 10);
        selector.SetTarget(0);

        Assert.Equal(SimulcastForwardDecision.Switch, Key(selector, 0, now: 20)); // down again at once
        Assert.Equal(2, selector.SwitchesDown);
    }

    [Fact]
    public void TargetChangedWhileWaiting_TheOldTargetsKeyframeNoLongerSwitches()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        selector.SetTarget(0);
        Key(selector, 0);
        selector.SetTarget(2);
        selector.SetTarget(1);

        Assert.Equal(SimulcastForwardDecision.Drop, Key(selector, 2));
        Assert.Equal(SimulcastForwardDecision.Switch, Key(selector, 1));
    }

    [Fact]
    public void CurrentLayerStopped_LeftAtTheFirstKeyframeAtOrBelowTheTarget()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        Key(selector, 2, now: 0); // on f, the target

        Assert.Equal(SimulcastForwardDecision.Drop, Key(selector, 1, now: 10)); // f still arrives: h is not wanted
        Assert.Equal(SimulcastForwardDecision.Drop, selector.OnPacket(1, isKeyFrameStart: false, now: 20, currentLayerStopped: true));
        Assert.Equal(SimulcastForwardDecision.Switch, selector.OnPacket(1, isKeyFrameStart: true, now: 30, currentLayerStopped: true));
        Assert.Equal(1, selector.CurrentLayer);
        Assert.Equal(-1, selector.WantedLayer(40));       // f stays the target, but a rescue is a switch down: hold-off
        Assert.Equal(2, selector.WantedLayer(30 + HoldOff)); // then back up at f's next keyframe
    }

    [Fact]
    public void CurrentLayerStopped_LayerAboveTheTargetNotTaken()
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        selector.SetTarget(0);
        Key(selector, 0, now: 0);

        Assert.Equal(SimulcastForwardDecision.Drop, selector.OnPacket(2, isKeyFrameStart: true, now: 10, currentLayerStopped: true));
        Assert.Equal(0, selector.CurrentLayer);
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(7, 2)]
    public void SetTarget_ClampedToTheLayers(int requested, int expected)
    {
        var selector = new SimulcastLayerSelector(3, HoldOff);
        selector.SetTarget(requested);
        Assert.Equal(expected, selector.TargetLayer);
    }
}
