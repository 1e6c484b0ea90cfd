import Foundation
import Synchronization

/// A file the user asked a command to write (`report --output`, `export -o`): checked before any work is
/// done, written beside itself under a fresh name, and renamed into place only when complete.
///
/// It never replaces anything but the regular file it names: a folder (the current one included, which
/// is what an empty path means to the file system), a device, a pipe or a missing folder is refused
/// with exit 65 before anything is computed; the temporary file is created with `O_EXCL` under a random
/// name, so no other file is ever overwritten; a symbolic link is followed, so the link stays and the
/// file it points at is replaced. An unwritable folder or a full disk is exit 73.
public struct OutputFile: Sendable {
    /// The path as the user gave it, for messages.
    public let path: String
    /// The file that will be replaced or created (symbolic links resolved).
    public let target: URL
    /// The option that named it (`--output`), for messages.
    public let option: String

    public init(_ path: String, option: String) throws {
        self.path = path
        self.option = option
        func refuse(_ reason: String) -> OutputFileError {
            OutputFileError(description: "\(option) \(path): \(reason); nothing was written", cannotCreate: false)
        }
        guard !path.isEmpty else { throw refuse("an empty path; give a file name") }
        var url = URL(fileURLWithPath: path)
        var info = stat()
        // `URL` drops a trailing slash, which would make `file.txt/` name the file `file.txt`.
        if path.hasSuffix("/") && !(stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR) {
            throw refuse("names a folder (it ends with /); name a file")
        }
        if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = Self.linkTarget(path) else { throw refuse("a symbolic link that leads nowhere (a loop, or a missing folder)") }
            url = resolved
        }
        if stat(url.path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw refuse("is a folder; name a file, such as \(path.hasSuffix("/") ? path : path + "/")report.html")
            case S_IFREG: break
            default: throw refuse("is not a regular file (a device, pipe or socket); name a file, or leave the option out for standard output")
            }
        } else if path.hasSuffix("/") {
            throw refuse("names a folder; name a file")
        } else {
            let folder = url.deletingLastPathComponent().path
            var folderInfo = stat()
            guard stat(folder, &folderInfo) == 0, (folderInfo.st_mode & S_IFMT) == S_IFDIR else {
                throw refuse("the folder \(folder) does not exist; create it first")
            }
        }
        target = url
    }

    /// Where the symbolic link `path` leads: the file it names, existing or not, as long as that file's folder
    /// exists; nil for a loop or a missing folder.
    static func linkTarget(_ path: String) -> URL? {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return URL(fileURLWithPath: String(cString: resolved))
        }
        // A link to a file not written yet: its folder must resolve, the file itself need not exist.
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let absolute = destination.hasPrefix("/") ? URL(fileURLWithPath: destination)
            : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(destination)
        var info = stat()
        guard !destination.hasSuffix("/"), lstat(absolute.path, &info) != 0,
              let folder = realpath(absolute.deletingLastPathComponent().path, nil) else { return nil }
        defer { free(folder) }
        return URL(fileURLWithPath: String(cString: folder)).appendingPathComponent(absolute.lastPathComponent)
    }

    /// An optional output: `nil` or `-` means standard output.
    public static func optional(_ path: String?, option: String) throws -> OutputFile? {
        guard let path, path != "-" else { return nil }
        return try OutputFile(path, option: option)
    }

    /// Writes `data` whole or not at all.
    public func write(_ data: Data) throws {
        let writer = try open()
        do {
            try writer.handle.write(contentsOf: data)
            try commit(writer)
        } catch {
            abandon(writer)
            throw error as? OutputFileError ?? cannotWrite(error)
        }
    }

    /// A temporary file beside the target, created exclusively; `commit` renames it into place.
    public func open() throws -> (handle: FileHandle, temporary: URL) {
        let folder = target.deletingLastPathComponent()
        var existing = stat()
        let mode = stat(target.path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o666
        for _ in 0..<8 {
            let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
            // Tracked (and the signal handlers installed) before it exists, so no moment has the file untracked.
            InterruptedOutputs.track(temporary.path)
            let descriptor = Glibc.open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
            if descriptor >= 0 { return (FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), temporary) }
            let failure = errno
            InterruptedOutputs.forget(temporary.path)
            if failure != EEXIST { throw cannotCreate(String(cString: strerror(failure))) }
        }
        throw cannotCreate("no free temporary name")
    }

    /// Closes the temporary file and renames it over the target in one step.
    public func commit(_ writer: (handle: FileHandle, temporary: URL)) throws {
        try writer.handle.synchronize()
        try writer.handle.close()
        // rename(2) replaces the target atomically and refuses to replace a folder that appeared meanwhile.
        guard rename(writer.temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: writer.temporary)
            InterruptedOutputs.forget(writer.temporary.path)
            throw cannotCreate(reason)
        }
        InterruptedOutputs.forget(writer.temporary.path)
    }

    /// Removes the temporary file after a failure; the target is untouched.
    public func abandon(_ writer: (handle: FileHandle, temporary: URL)) {
        try? writer.handle.close()
        try? FileManager.default.removeItem(at: writer.temporary)
        InterruptedOutputs.forget(writer.temporary.path)
    }

    private func cannotCreate(_ reason: String) -> OutputFileError {
        OutputFileError(description: "\(option) \(path): cannot write (\(reason)); nothing was written", cannotCreate: true)
    }

    private func cannotWrite(_ error: any Error) -> OutputFileError {
        cannotCreate((error as NSError).localizedFailureReason ?? "\(error)")
    }
}

/// Why an output file was refused (a folder, a device, a missing folder: the user's mistake) or could not be
/// written (an unwritable folder, a full disk). Nothing was written either way.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The file system refused (exit 73) rather than the path being wrong (exit 65).
    public var cannotCreate: Bool
}

/// Writes text lines to standard output or, whole or not at all, to an `OutputFile`.
public final class LineSink {
    private let handle: FileHandle
    private let file: OutputFile?
    private let writer: (handle: FileHandle, temporary: URL)?
    private var buffer = Data()

    public init(_ file: OutputFile?) throws {
        self.file = file
        writer = try file?.open()
        handle = writer?.handle ?? FileHandle.standardOutput
    }

    public func write(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0a)
        if buffer.count >= 256 * 1024 { try flush() }
    }

    public func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, moves it into place.
    public func finish() throws {
        try flush()
        if let file, let writer { try file.commit(writer) }
    }

    /// Removes a partly written file after a failure.
    public func abandon() {
        if let file, let writer { file.abandon(writer) }
    }
}

/// The temporary files of outputs being written, removed when the process is interrupted (SIGINT, SIGTERM,
/// SIGHUP) before it can abandon them: Ctrl-C during `export -o` left `.NAME.XXXX.partial` files behind.
/// The handlers are installed with the first temporary file, so a command that writes no file keeps the
/// signals' default behaviour; after removing the files the signal is raised again with its default
/// action (sent to the process), so it still ends as interrupted (exit status 128 + the signal). SIGKILL cannot be
/// caught: its temporary file stays, named `.NAME.XXXX.partial`, and the target is never touched.
enum InterruptedOutputs {
    private static let state = Mutex<(paths: Set<String>, sources: [any DispatchSourceSignal])>(([], []))
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func track(_ path: String) {
        state.withLock { state in
            state.paths.insert(path)
            guard state.sources.isEmpty else { return }
            state.sources = signals.map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { interrupted(by: number) }
                source.resume()
                return source
            }
        }
    }

    static func forget(_ path: String) {
        state.withLock { _ = $0.paths.remove(path) }
    }

    private static func interrupted(by number: Int32) {
        let paths = state.withLock { $0.paths }
        for path in paths { unlink(path) }
        signal(number, SIG_DFL)
        // To the process, not this thread: dispatch's worker threads block signals, so `raise` would wait.
        kill(getpid(), number)
    }
}
