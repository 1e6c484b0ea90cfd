/// The limits every external plugin runs under (TigerBeetle-style: put a limit on everything). A plugin
/// that goes past one is stopped and the report fails with a message naming the limit; nothing is written.
public struct ExternalPluginLimits: Sendable, Equatable {
    /// Wall-clock time for one report run, from start to exit; past it the plugin's whole process group is
    /// killed.
    public var timeLimitSeconds: Double
    /// Wall-clock time for `--describe`, which should answer at once.
    public var describeTimeLimitSeconds: Double
    /// The largest answer read from stdout; a plugin that writes more is killed.
    public var answerBytesMax: Int
    /// Stderr kept to show when a plugin fails; the rest is read and dropped so the plugin never blocks.
    public var stderrBytesMax: Int

    public init(timeLimitSeconds: Double = 30, describeTimeLimitSeconds: Double = 10,
                answerBytesMax: Int = 16 * 1024 * 1024, stderrBytesMax: Int = 64 * 1024) {
        precondition(timeLimitSeconds > 0 && describeTimeLimitSeconds > 0, "time limits must be positive")
        precondition(answerBytesMax > 0 && stderrBytesMax >= 0, "size limits must be positive")
        self.timeLimitSeconds = timeLimitSeconds
        self.describeTimeLimitSeconds = describeTimeLimitSeconds
        self.answerBytesMax = answerBytesMax
        self.stderrBytesMax = stderrBytesMax
    }

    /// 30 s per run, 10 s to describe, 16 MiB of answer, 64 KiB of stderr.
    public static let standard = ExternalPluginLimits()
}
