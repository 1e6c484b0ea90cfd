import Foundation

/// A snapshot's bytes as a sequence of frames — a tag byte, a 4-byte little-endian length, then that
/// many bytes of one value (`SnapshotEncoder`) — so that a large state is encoded and decoded one part
/// (one fund) at a time.
///
/// One document for a whole ledger's state made `JSONEncoder` build the whole tree in memory (11 GiB at a
/// million events); frames keep the peak at one fund's.
struct SnapshotFrames {
    private(set) var bytes: [UInt8] = []

    /// Appends `value` as a frame tagged `tag`.
    mutating func append(_ tag: UInt8, _ value: some Encodable) throws {
        try append(tag, body: try SnapshotEncoder.encode(value))
    }

    /// Appends one frame per value, all tagged `tag`, in `values`' order, encoding them on every processor at
    /// once: the funds of a large ledger are most of its snapshot, and each encodes on its own.
    mutating func appendEach<T: Encodable & Sendable>(_ tag: UInt8, _ values: [T]) throws {
        nonisolated(unsafe) var bodies = [Result<[UInt8], any Error>](repeating: .success([]), count: values.count)
        bodies.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer  // each iteration writes only its own element
            DispatchQueue.concurrentPerform(iterations: values.count) { index in
                buffer[index] = Result { try SnapshotEncoder.encode(values[index]) }
            }
        }
        for body in bodies { try append(tag, body: try body.get()) }
    }

    private mutating func append(_ tag: UInt8, body: [UInt8]) throws {
        guard body.count <= Int(UInt32.max) else { throw SnapshotFrameError.frameTooLarge }
        bytes.append(tag)
        withUnsafeBytes(of: UInt32(body.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: body)
    }

    /// The frames of `bytes`, in order; a truncated or malformed sequence throws.
    static func frames(_ bytes: [UInt8]) throws -> [(tag: UInt8, body: [UInt8])] {
        var frames: [(tag: UInt8, body: [UInt8])] = []
        var index = 0
        while index < bytes.count {
            guard index + 5 <= bytes.count else { throw SnapshotFrameError.truncated }
            let length = (0..<4).reduce(0) { $0 | Int(bytes[index + 1 + $1]) << (8 * $1) }
            let start = index + 5
            guard start + length <= bytes.count else { throw SnapshotFrameError.truncated }
            frames.append((bytes[index], Array(bytes[start..<(start + length)])))
            index = start + length
        }
        return frames
    }

    /// Decodes one frame's value: part of a ledger's state, so no signed number beyond
    /// `SnapshotReader.ledgerMagnitudeMax`.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        try SnapshotDecoder.decode(type, from: body, signedMagnitudeMax: SnapshotReader.ledgerMagnitudeMax)
    }
}

/// A snapshot whose frames cannot be read: it is ignored and the stream folded from its start.
enum SnapshotFrameError: Error {
    case truncated, frameTooLarge, unknownTag(UInt8)
}
