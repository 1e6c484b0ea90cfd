import Foundation
import Recording
import Testing

/// `readInput`: files, folders, and pipes or devices read as streams up to a cap.
@Suite struct ReadInputTests {
    @Test func aDeviceIsReadAsAStreamUpToItsCap() throws {
        #expect(try readInput("/dev/null").isEmpty)
        let error = #expect(throws: UserError.self) { try readInput("/dev/zero", streamBytesMax: 4 << 20) }
        #expect(error?.description.contains("streams more than 4194304 bytes") == true, "\(String(describing: error))")
    }

    @Test func aFolderAndAMissingFileAreNamed() throws {
        let folder = #expect(throws: UserError.self) { try readInput(FileManager.default.temporaryDirectory.path) }
        #expect(folder?.description.hasSuffix("it is a folder") == true)
        let missing = #expect(throws: UserError.self) { try readInput("/nonexistent-\(UUID().uuidString)") }
        #expect(missing?.description.hasSuffix("no such file") == true)
    }
}
