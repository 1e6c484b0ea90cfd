/// What an auditor kept from an earlier verification — hashes at positions (`POSITION:HASH`) and perhaps
/// the head's hash — checked while the chain is verified again: a chain can hold and still have been
/// rewritten since (an anchored hash moved, anchored events vanished, another head).
public struct ChainAnchors: Sendable, Equatable {
    /// The anchored hash of each position.
    public private(set) var hashes: [Int64: ChainHash] = [:]
    /// The head hash expected, if any.
    public var expectedHead: ChainHash?
    /// The first anchored position whose event has another hash, as a sentence.
    private var mismatch: String?

    public init() {}

    /// Adds `POSITION:HASH`; the error says what is wrong (the caller names the option or parameter).
    public mutating func add(_ text: String) throws(AnchorSyntaxError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let position = Int64(parts[0]), position >= 1, let hash = ChainHash(hex: parts[1].lowercased()) else {
            throw AnchorSyntaxError(message: "must be POSITION:HASH, a position of 1 or more and 64 hexadecimal digits, got \(Identifier.quoted(text))")
        }
        if let earlier = hashes[position], earlier != hash {
            throw AnchorSyntaxError(message: "gives position \(position) two different hashes")
        }
        hashes[position] = hash
    }

    /// Checks one event of the chain being verified.
    public mutating func observe(_ event: RecordedEvent) {
        if mismatch == nil, let expected = hashes[event.globalPosition], expected != event.hash {
            mismatch = "the event at position \(event.globalPosition) has hash \(event.hash.hex), not the anchored \(expected.hex)"
        }
    }

    /// Why the verified chain ending at `head` is not the one the anchors describe; nil when it is.
    public func discrepancy(head: LedgerHead) -> String? {
        if let mismatch { return "the chain holds but was rewritten since the audit: \(mismatch)" }
        if let missing = hashes.keys.filter({ $0 > head.position }).min() {
            return "anchored position \(missing) is beyond the head (position \(head.position)): events were removed since the audit"
        }
        if let expectedHead, expectedHead != head.hash {
            return "the chain holds but its head hash \(head.hash.hex) differs from the expected \(expectedHead.hex)"
        }
        return nil
    }
}

/// A malformed anchor; `message` completes a sentence that begins with the option's name.
public struct AnchorSyntaxError: Error, Sendable, Equatable {
    public var message: String
}
