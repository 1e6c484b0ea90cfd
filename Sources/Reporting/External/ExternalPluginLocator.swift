import Foundation
import Memberwise

/// Where external plugins are found: explicit paths (`--plugin PATH`) first, then executables named
/// `fundledger-report-<id>` in the `PATH` folders, the first folder winning for each id (as git and hledger
/// find their add-ons).
@PublicMemberwiseInit
public struct ExternalPluginLocator: Sendable, Equatable {
    /// Folders searched in order.
    public var searchFolders: [String] = []
    /// Plugin executables given by path; their ids come from `--describe`.
    public var explicitPaths: [String] = []
    public var limits: ExternalPluginLimits = .standard

    /// No external plugins at all.
    public static let none = ExternalPluginLocator()

    /// The `PATH` of this process, plus `explicitPaths`.
    public static func fromEnvironment(explicitPaths: [String] = [], limits: ExternalPluginLimits = .standard) -> ExternalPluginLocator {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return ExternalPluginLocator(
            searchFolders: path.split(separator: ":").map(String.init).filter { !$0.isEmpty }, explicitPaths: explicitPaths,
            limits: limits)
    }

    /// Plugins found on the search folders: id → path, first folder wins.
    public func pathPlugins() -> [(id: String, path: String)] {
        var found: [(id: String, path: String)] = []
        var seen = Set<String>()
        for folder in searchFolders {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            for name in names where name.hasPrefix(PluginProtocol.executablePrefix) {
                let id = String(name.dropFirst(PluginProtocol.executablePrefix.count))
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                guard PluginRegistry.isValidID(id), !seen.contains(id), Self.isExecutableFile(path) else { continue }
                seen.insert(id)
                found.append((id, path))
            }
        }
        return found
    }

    /// The plugin with `id`: an explicit path that describes itself so, else the first on the search folders,
    /// else `nil`. An explicit path that cannot describe itself is an error (it was asked for by name).
    public func plugin(_ id: String) async throws -> ExternalPlugin? {
        for path in explicitPaths {
            let plugin = try await ExternalPlugin.describe(at: path, limits: limits)
            if plugin.id == id { return plugin }
        }
        guard let found = pathPlugins().first(where: { $0.id == id }) else { return nil }
        return try await ExternalPlugin.describe(at: found.path, expectedID: id, limits: limits)
    }

    /// Every plugin that describes itself, and the ones that fail to (for `fundledger plugins` to list with
    /// their error rather than hide). Ids already taken by an earlier plugin are skipped.
    public func all() async -> (plugins: [ExternalPlugin], failures: [ReportError]) {
        var plugins: [ExternalPlugin] = []
        var failures: [ReportError] = []
        var candidates: [(id: String?, path: String)] = explicitPaths.map { (nil, $0) }
        candidates += pathPlugins().map { (Optional($0.id), $0.path) }
        for candidate in candidates {
            if let id = candidate.id, plugins.contains(where: { $0.id == id }) { continue }
            do {
                let plugin = try await ExternalPlugin.describe(at: candidate.path, expectedID: candidate.id, limits: limits)
                if !plugins.contains(where: { $0.id == plugin.id }) { plugins.append(plugin) }
            } catch let error as ReportError {
                failures.append(error)
            } catch {
                failures.append(.external(id: candidate.id ?? candidate.path, message: "\(error)"))
            }
        }
        return (plugins, failures)
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
