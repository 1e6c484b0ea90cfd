import Foundation
import Yams

extension CommandFile {
    /// The commands of a request body (the server's `POST /v1/commands`): everything a command file may
    /// be, or one command on its own (`{"command": "contribute", …}`), read as the file's first entry.
    public static func readRequest(_ text: String, source: String, isJSON: Bool) throws -> CommandDocument {
        if case .mapping(let mapping)? = try parse(text, source: source, isJSON: isJSON), mapping["command"] != nil {
            return CommandDocument(commands: [try entry(.mapping(mapping), number: 1, defaults: [:])])
        }
        return try read(text, source: source, path: isJSON ? "request.json" : "request.yaml")
    }
}
