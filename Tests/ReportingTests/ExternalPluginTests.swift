import EventStore
import Foundation
import Projections
import Reporting
import TestSupport
import Testing

@Suite("External plugins: the example plugin on PostgreSQL")
struct ExampleExternalPluginTests {
    @Test("event-summary counts the domain events and sums the disbursements, within the bounds")
    func eventSummary() async throws {
        try await TestDatabase.withMigrated { database in
            let store = database.store
            try await appendSampleEvents(to: store)
            let head = try await store.head()
            let host = ReportHost(store: store, registry: PluginRegistry(),
                                  externals: ExternalPluginLocator(searchFolders: [PluginFolder.examples]))

            let all = try await host.run(ReportRequest(pluginID: "event-summary"))
            #expect(all.reportID == "event-summary")
            #expect(all.title == "Event summary")
            #expect(all.source == ReportSource(position: 5, hash: head.hash.hex))
            #expect(all.parameters == [ParameterValue(name: "top", value: "10")])
            #expect(all.keyFigures == [KeyFigure("Events", .integer(4)), KeyFigure("Disbursed", .money(ore: 275_000_000, currency: "SEK"))])
            let byType = try #require(all.tables.first { $0.id == "by_type" })
            #expect(byType.rows == [[.text("CapitalContributed"), .integer(1)], [.text("FundsDisbursed"), .integer(3)]])
            #expect(byType.totals == [.text("Total"), .integer(4)])
            let byStream = try #require(all.tables.first { $0.id == "by_stream" })
            #expect(byStream.rows == [[.text("fund-a"), .integer(3)], [.text("fund-b"), .integer(1)]])
            #expect(all.notes.count == 1)
            #expect(try ReportRenderer.render(all, as: .table).contains("2 750 000,00 kr"))

            // Booked through 2025 only, and the busiest stream only.
            let bounds = ReplayBounds(effectiveThrough: CivilDate("2025-12-31"))
            let year = try await host.run(ReportRequest(pluginID: "event-summary", parameters: ["top": " 1 "], bounds: bounds))
            #expect(year.parameters == [ParameterValue(name: "top", value: "1")])
            #expect(year.source.effectiveThrough == "2025-12-31")
            #expect(year.keyFigures == [KeyFigure("Events", .integer(3)), KeyFigure("Disbursed", .money(ore: 175_000_000, currency: "SEK"))])
            #expect(year.tables.first { $0.id == "by_stream" }?.rows == [[.text("fund-a"), .integer(3)]])

            // The same request at the stamped position gives the same bytes.
            let again = try await host.run(ReportRequest(pluginID: "event-summary", bounds: ReplayBounds(throughPosition: all.source.position)))
            #expect(try ReportRenderer.render(again, as: .json) == ReportRenderer.render(all, as: .json))
        }
    }
}

@Suite("External plugins: failures are contained")
struct ExternalPluginFailureTests {
    /// A host on an in-memory store with the sample events, the example plugin and `folder`'s plugins.
    func host(_ folder: PluginFolder, limits: ExternalPluginLimits = .standard) async throws -> ReportHost {
        let store = InMemoryEventStore()
        try await appendSampleEvents(to: store)
        return ReportHost(store: store, registry: PluginRegistry(),
                          externals: ExternalPluginLocator(searchFolders: [folder.url.path, PluginFolder.examples], limits: limits))
    }

    /// Runs `id`, expects `ReportError.external` for it with a message containing every piece, then checks a
    /// good report still comes out of the same process (and store): `goodHost`, or `host` itself.
    func expectFailure(_ host: ReportHost, _ id: String, contains pieces: [String], goodHost: ReportHost? = nil) async throws {
        do {
            let document = try await host.run(ReportRequest(pluginID: id))
            Issue.record("expected \(id) to fail, got \(document.title)")
        } catch let error as ReportError {
            guard case .external(let failedID, let message) = error else {
                Issue.record("expected an external-plugin error, got \(error)")
                return
            }
            #expect(failedID == id)
            for piece in pieces { #expect(message.contains(piece), "\(message)") }
        }
        let good = try await (goodHost ?? host).run(ReportRequest(pluginID: "event-summary"))
        #expect(good.keyFigures.first == KeyFigure("Events", .integer(4)))
    }

    /// `expectFailure` for the shell-script plugin `id` running `script`, alone in a fresh folder.
    func expectFailure(ofScript script: String, as id: String, contains pieces: [String]) async throws {
        let folder = try PluginFolder()
        defer { folder.remove() }
        try folder.shellPlugin(id, script)
        try await expectFailure(try await host(folder), id, contains: pieces)
    }

    @Test("a plugin past the time limit is killed with its children")
    func timeout() async throws {
        let folder = try PluginFolder()
        defer { folder.remove() }
        let pidFile = folder.url.appendingPathComponent("child.pid").path
        try folder.shellPlugin("slow", "sleep 300 &\necho $! > \(pidFile)\nwait")
        let host = try await host(folder, limits: ExternalPluginLimits(timeLimitSeconds: 1))
        // The good run after it gets the standard limits: Python's start-up alone can take a second on a
        // loaded two-core machine.
        let patient = ReportHost(store: host.store, registry: host.registry, externals: ExternalPluginLocator(
            searchFolders: host.externals.searchFolders))
        let started = ContinuousClock.now
        try await expectFailure(host, "slow", contains: ["did not finish within 1 s", "stopped"], goodHost: patient)
        // Not waited out: the plugin sleeps 300 s. The bound is a guard against hanging, far from any
        // timing: 15 s and then 28 s were exceeded on loaded CI machines, the good run's Python start-up
        // included; anything well under the sleep still shows the kill.
        #expect(ContinuousClock.now - started < .seconds(200))
        // The backgrounded child was in the plugin's process group and was killed too.
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var alive = true
        for _ in 0..<100 where alive {
            alive = kill(pid, 0) == 0
            if alive { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(!alive, "the plugin's child \(pid) outlived the timeout")
    }

    @Test("garbage on stdout is refused, quoting its start")
    func garbage() async throws {
        // It does not read its stdin either: the host must not die of SIGPIPE.
        try await expectFailure(ofScript: "echo 'Traceback: this is not JSON'", as: "garbage", contains: ["not one JSON object", "Traceback: this is not JSON"])
    }

    @Test("a non-zero exit shows the plugin's stderr")
    func nonZeroExit() async throws {
        try await expectFailure(ofScript: "cat > /dev/null\necho 'fund sif-x has no statement' >&2\nexit 3", as: "exit-three", contains: ["exit status 3", "fund sif-x has no statement"])
    }

    @Test("a crash is reported with its signal")
    func crash() async throws {
        try await expectFailure(ofScript: "cat > /dev/null\nkill -SEGV $$", as: "crash", contains: ["crashed (signal 11, SIGSEGV)"])
    }

    @Test("an answer over the size limit is cut off and refused")
    func oversize() async throws {
        let folder = try PluginFolder()
        defer { folder.remove() }
        try folder.shellPlugin("chatty", "cat > /dev/null\nyes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | head -c 200000")
        let host = try await host(folder, limits: ExternalPluginLimits(answerBytesMax: 4096))
        try await expectFailure(host, "chatty", contains: ["more than 4096 bytes", "answer limit"])
    }

    @Test("a structured error is passed on with its code")
    func structuredError() async throws {
        try await expectFailure(ofScript: """
            cat > /dev/null
            echo '{"protocol_version": 1, "error": {"code": "unknown-fund", "message": "no fund sif-x in this ledger"}}'
            """, as: "refuses", contains: ["refused the request [unknown-fund]: no fund sif-x in this ledger"])
    }

    @Test("another protocol version is refused")
    func wrongVersion() async throws {
        try await expectFailure(ofScript: "cat > /dev/null\necho '{\"protocol_version\": 2, \"report\": {\"title\": \"x\"}}'", as: "future", contains: ["speaks protocol version 2", "this host speaks version 1"])
    }

    @Test("a report whose rows do not fit its columns is refused")
    func badShape() async throws {
        try await expectFailure(ofScript: """
            cat > /dev/null
            echo '{"protocol_version": 1, "report": {"title": "x", "tables": [{"id": "t", "title": "T", "columns": [{"id": "a", "title": "A"}], "rows": [[null, null]]}]}}'
            """, as: "ragged", contains: ["table t row 1 has 2 values for 1 columns"])
    }

    #if os(Linux)
    @Test("a plugin inherits only stdin, stdout and stderr from the host")
    func noLeakedDescriptors() async throws {
        let folder = try PluginFolder()
        defer { folder.remove() }
        try folder.write("fundledger-report-fds", """
            #!/usr/bin/env python3
            import json, os, sys
            if sys.argv[1:] == ["--describe"]:
                print(json.dumps({"protocol_version": 1, "id": "fds", "summary": "open descriptors"}))
                sys.exit(0)
            sys.stdin.read()
            fds = sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
            print(json.dumps({"protocol_version": 1, "report": {"title": "fds", "notes": [str(fd) for fd in fds]}}))
            """)
        // Open descriptors without close-on-exec in the host, as a careless library might.
        let leaky = (0..<3).map { _ in open("/dev/null", O_RDONLY) }
        defer { leaky.forEach { close($0) } }
        let document = try await host(folder).run(ReportRequest(pluginID: "fds"))
        // 0, 1, 2 and the descriptor listdir itself opened.
        #expect(document.notes.count == 4, "\(document.notes)")
        #expect(Array(document.notes.prefix(3)) == ["0", "1", "2"])
    }
    #endif

    @Test("parameters are validated against the descriptor before the plugin runs")
    func parameters() async throws {
        let folder = try PluginFolder()
        defer { folder.remove() }
        let host = try await host(folder)
        await #expect(throws: ParameterError.self) {
            try await host.run(ReportRequest(pluginID: "event-summary", parameters: ["top": "many"]))
        }
        await #expect(throws: ParameterError.self) {
            try await host.run(ReportRequest(pluginID: "event-summary", parameters: ["fund": "sif-barn"]))
        }
        do {
            _ = try await host.run(ReportRequest(pluginID: "no-such-report"))
            Issue.record("expected an unknown plugin")
        } catch ReportError.unknownPlugin(let id, let known) {
            #expect(id == "no-such-report")
            #expect(known.contains("event-summary"))
        }
    }

    @Test("an explicit path is found by the id it describes; listings show built-in and external plugins and failures")
    func discovery() async throws {
        let folder = try PluginFolder()
        defer { folder.remove() }
        let explicit = try folder.write("my-report.py", """
            #!/usr/bin/env python3
            import json, sys
            if sys.argv[1:] == ["--describe"]:
                print(json.dumps({"protocol_version": 1, "id": "my-report", "summary": "mine", "parameters": [
                    {"name": "level", "kind": "choice", "choices": ["fund", "initiative"], "default": "fund", "help": "grouping"},
                    {"name": "from", "kind": "date", "help": "first day"}]}))
                sys.exit(0)
            request = json.load(sys.stdin)
            print(json.dumps({"protocol_version": 1, "report": {"title": "level " + request["parameters"]["level"],
                "notes": [request["parameters"].get("from", "none")]}}))
            """)
        let misnamed = try PluginFolder()
        defer { misnamed.remove() }
        try misnamed.write("fundledger-report-wrong-name", "#!/bin/sh\necho '{\"protocol_version\": 1, \"id\": \"other\", \"summary\": \"s\"}'\n")
        let store = InMemoryEventStore()
        try await appendSampleEvents(to: store)
        let host = ReportHost(store: store, registry: PluginRegistry(), externals: ExternalPluginLocator(
            searchFolders: [misnamed.url.path, PluginFolder.examples], explicitPaths: [explicit]))

        let document = try await host.run(ReportRequest(pluginID: "my-report", parameters: ["level": "initiative", "from": "2025-01-01"]))
        #expect(document.title == "level initiative")
        #expect(document.notes == ["2025-01-01"])
        #expect(document.parameters == [ParameterValue(name: "level", value: "initiative"), ParameterValue(name: "from", value: "2025-01-01")])
        await #expect(throws: ParameterError.self) {
            try await host.run(ReportRequest(pluginID: "my-report", parameters: ["level": "department"]))
        }

        let listing = await host.descriptors()
        #expect(listing.plugins.map(\.id) == ["my-report", "event-summary"])
        let mine = try #require(listing.plugins.first)
        #expect(mine.origin == explicit)
        #expect(mine.parameters == [ParameterSpec("level", .choice(["fund", "initiative"]), help: "grouping", default: "fund"),
                                    ParameterSpec("from", .date, help: "first day")])
        #expect(listing.failures.count == 1)
        #expect(listing.failures.first.map { "\($0)" }?.contains("describes itself as \"other\"") == true)
    }
}
