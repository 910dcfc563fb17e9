using System;
using System.Collections.Generic;

namespace Waterworks.Control;

/// <summary>Controls the pumps of one station.</summary>
[Serializable]
public sealed class PumpController : IDisposable
{
    private readonly Dictionary<string, double> _speeds = new() { ["P1"] = 0.0 };

    /// <summary>The message shown when a pump is unknown; braces in strings must not confuse the scanner: { }</summary>
    private const string UnknownPump = "Unknown pump {0} }}";

    /// <summary>Maximum speed in rpm.</summary>
    public double MaxSpeed { get; init; } = 1450;

    /// <summary>Sets the speed of a pump.</summary>
    /// <param name="pump">The pump name.</param>
    /// <param name="rpm">The speed.</param>
    public void SetSpeed(string pump, double rpm)
    {
        if (!_speeds.ContainsKey(pump))
        {
            throw new ArgumentException(string.Format(UnknownPump, pump));
        }

        var message = $"Setting {pump} to {rpm} rpm ({(rpm > MaxSpeed ? "limited" : "ok")})";
        Console.WriteLine(message);
        _speeds[pump] = Math.Min(rpm, MaxSpeed);
    }

    // Stops every pump: used by the emergency handler.
    public void StopAll()
    {
        foreach (var key in new List<string>(_speeds.Keys))
        {
            _speeds[key] = 0;
        }
    }

    public void Dispose() => StopAll();

    /// <summary>A reading taken from a pump.</summary>
    public readonly record struct Reading(string Pump, double Rpm, DateTime At)
    {
        public bool IsRunning => Rpm > 0;
    }
}

/// <summary>Pump states.</summary>
public enum PumpState
{
    Stopped,
    Running,
    Faulted,
}

public interface IPumpSensor
{
    double ReadRpm(string pump);

    event EventHandler<double>? RpmChanged;
}
