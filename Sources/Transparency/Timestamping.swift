import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Trusted time for checkpoints (RFC 3161): a timestamping authority signs the SHA-256 of the log-signed
/// note and the time it saw it. FundLedger builds the request itself (a fixed DER shape), asks over HTTP,
/// and leaves verifying the reply's CMS signature to `openssl ts -verify`.
public enum Timestamping {
    /// `TimeStampReq { version 1, messageImprint { sha256, digest }, nonce, certReq TRUE }` in DER.
    public static func request(digest: [UInt8], nonce: UInt64) -> [UInt8] {
        precondition(digest.count == 32)
        let sha256: [UInt8] = [0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00]
        let imprint = [0x30, UInt8(sha256.count + 34)] + sha256 + [0x04, 0x20] + digest
        let nonceBytes = (0..<8).map { UInt8(truncatingIfNeeded: (nonce & 0x7fff_ffff_ffff_ffff) >> (56 - 8 * UInt64($0))) }
        let body: [UInt8] = [0x02, 0x01, 0x01] + imprint + [0x02, 0x08] + nonceBytes + [0x01, 0x01, 0xff]
        return [0x30, UInt8(body.count)] + body
    }

    /// Asks the authority at `url` to timestamp `data`; returns its reply (DER) when it granted it.
    public static func obtain(from url: URL, for data: Data) async throws -> Data {
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "POST"
        request.setValue("application/timestamp-query", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Self.request(digest: Array(SHA256.hash(data: data)), nonce: UInt64.random(in: 1...UInt64.max)))
        let (reply, response): (Data, URLResponse)
        do {
            (reply, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw TimestampError(description: "the timestamping authority \(url.absoluteString) did not answer: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw TimestampError(description: "the timestamping authority answered HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        guard let status = grantedStatus(reply), status <= 1 else {
            throw TimestampError(description: "the timestamping authority refused the request (PKIStatus not granted)")
        }
        return reply
    }

    /// PKIStatus of a `TimeStampResp` (0 granted, 1 granted with modifications), if it parses that far.
    static func grantedStatus(_ reply: Data) -> Int? {
        let bytes = Array(reply)
        var index = 0
        func skipHeader(expecting tag: UInt8) -> Bool {
            guard index + 1 < bytes.count, bytes[index] == tag else { return false }
            let length = bytes[index + 1]
            index += 2 + (length & 0x80 != 0 ? Int(length & 0x7f) : 0)
            return index <= bytes.count
        }
        guard skipHeader(expecting: 0x30), skipHeader(expecting: 0x30), index + 2 < bytes.count,
              bytes[index] == 0x02, bytes[index + 1] == 0x01
        else { return nil }
        return Int(bytes[index + 2])
    }

    /// Checks `reply` over `data` with `openssl ts -verify`, trusting the CA certificates in `caFile`;
    /// returns the time the authority stamped (as openssl prints it).
    public static func verify(reply: Data, data: Data, caFile: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fl-tsa-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let replyFile = folder.appendingPathComponent("reply.tsr"), dataFile = folder.appendingPathComponent("note")
        try reply.write(to: replyFile)
        try data.write(to: dataFile)
        let verified = try openssl(["ts", "-verify", "-data", dataFile.path, "-in", replyFile.path, "-CAfile", caFile])
        guard verified.status == 0, verified.output.contains("Verification: OK") else {
            throw TimestampError(description: "the timestamp does not verify over this checkpoint with \(caFile)")
        }
        let text = try openssl(["ts", "-reply", "-in", replyFile.path, "-text"])
        let time = text.output.split(separator: "\n").first { $0.hasPrefix("Time stamp:") }
        return time.map { String($0.dropFirst("Time stamp:".count)).trimmingCharacters(in: .whitespaces) } ?? "?"
    }

    private static func openssl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw TimestampError(description: "verifying a timestamp needs `openssl` on PATH (Debian: apt-get install openssl)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// A timestamp that could not be obtained or does not verify.
public struct TimestampError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}

extension SignedNote {
    /// The note with only the signatures `publicKey` made as the log (no cosignatures): what a timestamp
    /// covers, so a note cosigned later still checks against it.
    public func logSigned(by publicKey: Curve25519.Signing.PublicKey) -> SignedNote {
        let names = Set(verifiedSignatures(by: publicKey).filter { $0.cosignedAt == nil }.map(\.name))
        let id = { (name: String) in SignedNote.keyID(name: name, type: SignedNote.ed25519Type, publicKey: publicKey) }
        return SignedNote(text: text, signatures: signatures.filter { names.contains($0.name) && Array($0.bytes.prefix(4)) == id($0.name) })
    }
}
