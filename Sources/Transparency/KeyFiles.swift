import EventStore
import Foundation

/// The files a log's keeper and its witnesses handle: Ed25519 keys as PEM and signed notes. A key file is
/// created with its mode and never overwritten.
public enum KeyFiles {
    /// The bytes of `path`; `-` reads standard input.
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileAccessError(description: "cannot read \(path): no such file or not readable", cannotCreate: false)
        }
        return data
    }

    /// A signed note read from `path` (UTF-8).
    public static func readNote(_ path: String) throws -> SignedNote {
        let text: String
        do {
            text = try StrictUTF8.decode(try read(path))
        } catch let error as StrictUTF8.InvalidByte {
            throw FileAccessError(description: "\(path): line \(error.line), column \(error.column): not UTF-8 text", cannotCreate: false)
        }
        do {
            return try SignedNote(parsing: text)
        } catch let error as NoteError {
            throw FileAccessError(description: "\(path): \(error.description)", cannotCreate: false)
        }
    }

    /// A key read from the PEM file at `path`, named by `option` in messages.
    public static func readKey<K>(_ path: String, option: String, _ parse: (String) throws -> K) throws -> K {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileAccessError(description: "\(option) \(path): no such file or not readable", cannotCreate: false)
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            return try parse(text)
        } catch {
            throw FileAccessError(description: "\(option) \(path): \(error)", cannotCreate: false)
        }
    }

    /// Creates `path` with `mode`, refusing to replace anything that exists.
    public static func writeNew(_ path: String, option: String, _ text: String, mode: mode_t) throws {
        _ = try OutputFile(path, option: option)  // refuses folders, devices, missing folders (65)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists; a key file is never overwritten" : String(cString: strerror(errno))
            throw FileAccessError(description: "\(option) \(path): \(reason)", cannotCreate: true)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            unlink(path)
            throw FileAccessError(description: "\(option) \(path): \(error)", cannotCreate: true)
        }
    }
}

/// A key or note file that could not be read or written; nothing was written.
public struct FileAccessError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The file system refused to create the file (exit 73), rather than the input being wrong (exit 65).
    public var cannotCreate: Bool
}
