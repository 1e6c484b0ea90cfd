import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a plugin process ended.
enum PluginProcessEnd: Sendable, Equatable {
    /// It exited by itself with this status.
    case exited(Int32)
    /// A signal ended it (a crash: SIGSEGV, SIGABRT, or someone's SIGKILL).
    case signalled(Int32)
    /// It ran past the time limit; its process group was killed.
    case timedOut
    /// It wrote more than the answer limit to stdout; its process group was killed.
    case answerTooLarge
}

/// What a plugin process left behind.
struct PluginProcessResult: Sendable {
    var end: PluginProcessEnd
    var stdout: [UInt8]
    /// The first `stderrBytesMax` bytes of stderr.
    var stderr: [UInt8]
    /// Whether stderr was longer than what was kept.
    var stderrTruncated: Bool
}

/// Why a plugin process could not be started.
struct PluginSpawnError: Error, Sendable {
    var message: String
}

/// Runs one plugin process to completion within limits: the input goes to stdin (then stdin is closed),
/// stdout and stderr are read at the same time so no pipe can fill and block the plugin, and a deadline
/// bounds the whole run.
///
/// Uses posix_spawn, poll and waitpid directly, on a thread of its own: Foundation's `Process` can hang in
/// async code on Linux, and a blocking wait must never occupy one of Swift's cooperative threads. The plugin
/// leads a new process group, so a timeout kills it and everything it started.
enum PluginProcess {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time because Swift's
    /// Glibc module does not expose it; `nil` elsewhere (the pipes are close-on-exec either way).
    private static let closeFromAction: CloseFrom? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
        #else
        return nil
        #endif
    }()

    /// Retries of a spawn refused with ETXTBSY (20 ms apart).
    static let spawnBusyRetries = 25

    static func run(executable: String, arguments: [String], input: [UInt8], timeLimitSeconds: Double,
                    answerBytesMax: Int, stderrBytesMax: Int) async throws -> PluginProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try runBlocking(
                        executable: executable, arguments: arguments, input: input, timeLimitSeconds: timeLimitSeconds,
                        answerBytesMax: answerBytesMax, stderrBytesMax: stderrBytesMax))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "fundledger-plugin"
            thread.start()
        }
    }

    /// Pipe ends as created by `pipe()`: [read, write].
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw PluginSpawnError(message: "could not create a pipe (errno \(errno))") }
        // Our ends must not leak into other children the host starts concurrently.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    private static func runBlocking(executable: String, arguments: [String], input: [UInt8], timeLimitSeconds: Double,
                                    answerBytesMax: Int, stderrBytesMax: Int) throws -> PluginProcessResult {
        let pipeSignal = blockPipeSignal()
        let stdinPipe = try makePipe()
        let stdoutPipe = try makePipe()
        let stderrPipe = try makePipe()
        var parentEnds = [stdinPipe.write, stdoutPipe.read, stderrPipe.read]
        var childEnds = [stdinPipe.read, stdoutPipe.write, stderrPipe.write]
        defer { (parentEnds + childEnds).filter { $0 >= 0 }.forEach { close($0) } }

        let pid = try spawn(executable: executable, arguments: arguments, childEnds: childEnds, pipeSignal: pipeSignal)
        childEnds.forEach { close($0) }
        childEnds = [-1, -1, -1]
        for fd in parentEnds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

        let deadline = ContinuousClock.now + .milliseconds(Int64(timeLimitSeconds * 1000))
        if input.isEmpty { close(parentEnds[0]); parentEnds[0] = -1 }
        var output = Output(stderrBytesMax: stderrBytesMax)
        let stopped = try exchange(input: input, ends: &parentEnds, output: &output, deadline: deadline, answerBytesMax: answerBytesMax)
        let end = finish(pid: pid, stopped: stopped, deadline: deadline)
        return PluginProcessResult(end: end, stdout: output.stdout, stderr: output.stderr, stderrTruncated: output.stderrTruncated)
    }

    /// Blocks SIGPIPE on the calling thread and returns the set holding it.
    ///
    /// A plugin that exits without reading its stdin makes our write fail with SIGPIPE, which would kill
    /// the host. Blocking SIGPIPE on this thread (and only here) turns it into an EPIPE error instead,
    /// as libpq does; the thread ends after the run, discarding any pending SIGPIPE with it.
    private static func blockPipeSignal() -> sigset_t {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        return pipeSignal
    }

    /// Starts the plugin with `childEnds` ([stdin read, stdout write, stderr write]) as its fds 0, 1 and 2,
    /// leading a new process group, and returns its pid.
    private static func spawn(executable: String, arguments: [String], childEnds: [Int32], pipeSignal: sigset_t) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childEnds[0], 0)
        posix_spawn_file_actions_adddup2(&actions, childEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, childEnds[2], 2)
        // Nothing but the three pipes reaches the plugin: not the host's database sockets, nor a file another
        // thread happens to have open for writing while we spawn.
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group led by the plugin (kill(-pid) reaches its children too), the default signal
        // mask and default SIGPIPE (this thread blocks it; the plugin must not inherit that).
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var defaultSignals = pipeSignal
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var cArguments = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        var spawned = posix_spawn(&pid, executable, &actions, &attributes, &cArguments, environ)
        // ETXTBSY: the executable was just written and another thread's child still holds it open between
        // its fork and exec; that window is microseconds, so a few short retries clear it.
        for _ in 0..<spawnBusyRetries where spawned == ETXTBSY {
            usleep(20_000)
            spawned = posix_spawn(&pid, executable, &actions, &attributes, &cArguments, environ)
        }
        guard spawned == 0 else {
            throw PluginSpawnError(message: "could not start \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// What the plugin wrote: all of stdout, and stderr up to `stderrBytesMax`.
    private struct Output {
        let stderrBytesMax: Int
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var stderrTruncated = false

        init(stderrBytesMax: Int) { self.stderrBytesMax = stderrBytesMax }

        /// Keeps bytes read from stdout (`slot` 1) or stderr (`slot` 2).
        mutating func append(_ bytes: ArraySlice<UInt8>, slot: Int) {
            if slot == 1 {
                stdout += bytes
            } else {
                let room = max(0, stderrBytesMax - stderr.count)
                stderr += bytes.prefix(room)
                if bytes.count > room { stderrTruncated = true }
            }
        }
    }

    /// Feeds stdin and drains stdout/stderr until both outputs reach end of file, or a limit is hit; returns
    /// the limit that stopped it, if any. `ends` are the parent's [stdin write, stdout read, stderr read], -1
    /// once closed.
    private static func exchange(input: [UInt8], ends: inout [Int32], output: inout Output, deadline: ContinuousClock.Instant,
                                 answerBytesMax: Int) throws -> PluginProcessEnd? {
        var written = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while ends[1] >= 0 || ends[2] >= 0 {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return .timedOut }
            let (seconds, attoseconds) = remaining.components
            let timeoutMilliseconds = Int32(min(Int64(1000), seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
            var fds = [
                pollfd(fd: ends[0], events: Int16(POLLOUT), revents: 0),
                pollfd(fd: ends[1], events: Int16(POLLIN), revents: 0),
                pollfd(fd: ends[2], events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
            if ready < 0 && errno != EINTR { throw PluginSpawnError(message: "poll failed (errno \(errno))") }
            if ready <= 0 { continue }
            if ends[0] >= 0 && fds[0].revents != 0 {
                let count = input.withUnsafeBytes { bytes in
                    write(ends[0], bytes.baseAddress! + written, min(bytes.count - written, 64 * 1024))
                }
                if count > 0 { written += count }
                // EPIPE: the plugin closed its stdin without reading it all; its answer will say why.
                if written == input.count || (count < 0 && errno != EAGAIN && errno != EINTR) {
                    close(ends[0])
                    ends[0] = -1
                }
            }
            for (slot, fdIndex) in [(1, 1), (2, 2)] where ends[slot] >= 0 && fds[fdIndex].revents != 0 {
                let count = read(ends[slot], &buffer, buffer.count)
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) {
                    close(ends[slot])
                    ends[slot] = -1
                } else if count > 0 {
                    output.append(buffer[0..<count], slot: slot)
                }
            }
            if output.stdout.count > answerBytesMax { return .answerTooLarge }
        }
        return nil
    }

    /// Once both outputs are closed (or a limit was hit): waits for the exit within what is left of the time,
    /// kills the plugin's process group, reaps it and says how it ended.
    private static func finish(pid: pid_t, stopped: PluginProcessEnd?, deadline: ContinuousClock.Instant) -> PluginProcessEnd {
        var stopped = stopped
        var status: Int32 = 0
        var reaped = false
        while stopped == nil && !reaped {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { reaped = true; break }
            if result < 0 && errno != EINTR { reaped = true; status = 0; break }
            if ContinuousClock.now >= deadline { stopped = .timedOut; break }
            usleep(5_000)
        }
        // The pid is not reaped yet when a limit stopped it, so the group id is still ours to kill. After a
        // normal exit the group is killed too: a plugin must not leave processes behind.
        kill(-pid, SIGKILL)
        if !reaped { while waitpid(pid, &status, 0) == -1 && errno == EINTR {} }

        if let stopped { return stopped }
        if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(status & 0x7f)
    }
}
