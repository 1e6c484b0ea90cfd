import Foundation

/// A progress bar on a terminal's stderr: events done of the total, events per second and time left.
/// Silent when stderr is not a terminal (pipes, CI logs), so output stays clean for scripts.
public final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private static let barWidth = 30

    public init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    /// Redraws at most ten times a second.
    public func update(done: Int64, total: Int64) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = Date()
        FileHandle.standardError.write(Data(("\r" + Self.line(label: label, done: done, total: total, elapsed: Date().timeIntervalSince(started)) + "\u{1B}[K").utf8))
    }

    /// Clears the line.
    public func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// `replay [#########.....]  45 000/100 000 events  12 345 ev/s  0:04 left`.
    static func line(label: String, done: Int64, total: Int64, elapsed: TimeInterval) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int(fraction * Double(barWidth))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Int(Double(total - done) / rate) : 0
        return "\(label) [\(bar)] \(grouped(done))/\(grouped(total)) events  \(grouped(Int64(rate))) ev/s  \(left / 60):\(String(format: "%02d", left % 60)) left"
    }

    static func grouped(_ value: Int64) -> String {
        (value < 0 ? "-" : "") + ValueFormatter.groupDigits(String(value.magnitude))
    }
}

/// Prints "caught up at position N" whenever a following projector reaches the head at a new position.
public final class CatchUpAnnouncer {
    private let enabled: Bool
    private var announced: Int64 = -1

    public init(enabled: Bool) { self.enabled = enabled }

    public func caughtUp(done: Int64, total: Int64) {
        guard enabled, done == total, done != announced else { return }
        announced = done
        FileHandle.standardError.write(Data("project: caught up at position \(done)\n".utf8))
    }
}
