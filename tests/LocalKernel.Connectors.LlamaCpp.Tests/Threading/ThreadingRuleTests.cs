using System.Diagnostics;

namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// The adaptive thread rule and the figures it rests on: the CPUs the process may use (affinity list, cgroup quota) and
/// the load other processes put on them (/proc/stat less our own CPU time).
/// </summary>
public class ThreadingRuleTests
{
    [Theory]
    [InlineData(1, 2, 0.0, 2)]   // idle machine: every core
    [InlineData(1, 2, 0.14, 2)]  // background noise still leaves a core free
    [InlineData(1, 2, 0.16, 1)]  // not enough headroom to go up
    [InlineData(2, 2, 0.34, 2)]  // hysteresis: stay up through noise
    [InlineData(2, 2, 0.36, 1)]
    [InlineData(2, 2, 0.67, 1)]  // one busy loop's share while our 2 threads spin on 2 cores: down, never the collapse
    [InlineData(2, 2, 1.0, 1)]   // one competing busy process
    [InlineData(2, 2, 5.0, 1)]   // overloaded: still 1, never 0
    [InlineData(1, 8, 2.0, 6)]   // larger machine: the cores left free
    [InlineData(6, 8, 2.3, 6)]
    [InlineData(6, 8, 2.4, 5)]
    [InlineData(1, 1, 0.0, 1)]
    public void Threads_fit_the_cores_other_work_leaves_free(int current, int max, double othersBusy, int expected) =>
        Assert.Equal(expected, AdaptiveThreadCount.Decide(current, max, othersBusy));

    [Fact]
    public void A_context_without_a_load_source_uses_every_thread_it_may()
    {
        var policy = new AdaptiveThreadCount(4, monitor: null);
        Assert.Equal(4, policy.Next());
    }

    [Theory]
    [InlineData("0-1", new[] { 0, 1 })]
    [InlineData("0-3,8,10-11\n", new[] { 0, 1, 2, 3, 8, 10, 11 })]
    [InlineData(" 5 ", new[] { 5 })]
    public void Cpu_lists_parse(string list, int[] expected) =>
        Assert.Equal(expected, CpuAvailability.ParseCpuList(list)!.Order());

    [Theory]
    [InlineData("")]
    [InlineData("a-b")]
    [InlineData("3-1")]
    public void Malformed_cpu_lists_are_unknown_not_an_exception(string list) =>
        Assert.Null(CpuAvailability.ParseCpuList(list));

    [Theory]
    [InlineData("max 100000\n", null)]
    [InlineData("150000 100000\n", 1.5)]
    [InlineData("50000 100000", 0.5)]
    [InlineData("garbage", null)]
    public void Cgroup_cpu_max_parses_into_cores(string text, double? expected) =>
        Assert.Equal(expected, CpuAvailability.ParseCpuMax(text));

    [Fact]
    public void Proc_stat_sums_only_the_allowed_cpus_and_counts_iowait_as_idle()
    {
        const string stat = "cpu  300 0 30 600 30 0 0 0 0 0\ncpu0 100 0 10 200 10 0 0 0 0 0\n" +
            "cpu1 200 0 20 400 20 0 0 5 0 0\nintr 1 2 3\nctxt 9\n";
        Assert.Equal((110L + 225, 320L + 645, 2), CpuLoadMonitor.ParseProcStat(stat, allowed: null));
        Assert.Equal((225L, 645L, 1), CpuLoadMonitor.ParseProcStat(stat, new HashSet<int> { 1 }));
    }

    [Fact]
    public void Own_ticks_are_utime_plus_stime_even_when_the_name_has_spaces_and_parentheses()
    {
        const string self = "4242 (my (odd) app) R 1 2 3 4 5 6 7 8 9 10 1234 56 0 0 20 0 7 0";
        Assert.Equal(1234 + 56, CpuLoadMonitor.ParseOwnTicks(self));
    }

    [Fact]
    public void Own_ticks_read_from_this_process_follow_the_cpu_time_it_spends()
    {
        if (!File.Exists("/proc/self/stat"))
        {
            Assert.Fail("This test reads /proc (Linux); LocalKernel's adaptive threads need it.");
        }

        var process = Process.GetCurrentProcess();
        long before = CpuLoadMonitor.ParseOwnTicks(File.ReadAllText("/proc/self/stat"));
        var cpuBefore = process.TotalProcessorTime;
        // Spin until the kernel has charged 300 ms of CPU time to us, however busy the machine is.
        while ((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds < 300)
        {
            Thread.SpinWait(100_000);
        }

        long after = CpuLoadMonitor.ParseOwnTicks(File.ReadAllText("/proc/self/stat"));
        Assert.InRange(after - before, 25, 200); // 100 ticks per second
    }
}
