import Crypto
import Dispatch
import Foundation
import HummingbirdBcrypt
import Recording

/// People's passwords: what one may be, and its slow hash.
///
/// A password is stored as bcrypt (cost 12, hummingbird-auth's `Bcrypt`) of the base64 of its SHA-256.
/// bcrypt reads at most 72 bytes and stops at a NUL byte; hashing first makes every byte of a passphrase
/// up to `bytesMax` count, and the 44 base64 characters hold no NUL. The password itself is never stored
/// or logged. Hashing and checking run on a Dispatch thread, never on Swift concurrency's few threads,
/// so a login does not hold up other requests for the quarter second bcrypt takes.
public enum Password {
    /// The fewest characters a password may have.
    public static let lengthMin = 12
    /// The most UTF-8 bytes a password may have.
    public static let bytesMax = 1_000
    /// bcrypt's cost: 2^12 rounds, about a quarter of a second on a server core.
    public static let cost: UInt8 = 12

    /// Refuses an empty password, one under `lengthMin` characters or over `bytesMax` bytes, and one
    /// holding a control character (exit 65), never quoting it.
    public static func check(_ password: String) throws {
        func refuse(_ why: String) -> UserError {
            UserError(description: "password: \(why); nothing was written", exitCode: ExitStatus.badInput)
        }
        if password.isEmpty { throw refuse("the password is empty; give one line on stdin") }
        if password.utf8.count > bytesMax { throw refuse("the password is longer than \(bytesMax) bytes") }
        if password.count < lengthMin { throw refuse("the password is shorter than \(lengthMin) characters") }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw refuse("the password holds a control character")
        }
    }

    /// The first line of `input` (what `--password-stdin` reads), without its line end; text after the
    /// first line end is ignored. Bytes that are not UTF-8 are refused (exit 65).
    public static func firstLine(of input: Data) throws -> String {
        var bytes = input.prefix { $0 != UInt8(ascii: "\n") }
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw UserError(description: "password: stdin is not UTF-8; nothing was written", exitCode: ExitStatus.badInput)
        }
        return text
    }

    /// A new hash of `password` (a fresh salt each time), at `cost`.
    public static func hash(_ password: String, cost: UInt8 = Password.cost) async -> String {
        let input = prehash(password)
        return await offThread { Bcrypt.hash(input, cost: cost) }
    }

    /// Whether `password` is the one `hash` was made from.
    public static func verify(_ password: String, hash: String) async -> Bool {
        let input = prehash(password)
        return await offThread { Bcrypt.verify(input, hash: hash) }
    }

    /// Spends as long as `verify` and answers false: for a login that names no user with a password.
    public static func verifyDecoy(_ password: String) async -> Bool {
        let input = prehash(password)
        return await offThread { Bcrypt.verify(input, hash: decoyHash) && false }
    }

    /// A hash no password matches, checked when a login names no user with a password, so that the
    /// answer takes as long as for a wrong password and does not tell which names exist.
    static let decoyHash = Bcrypt.hash(APIToken.generate(), cost: Password.cost)

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    static func offThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: body()) }
        }
    }
}
