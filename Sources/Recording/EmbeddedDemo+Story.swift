import EventStore
import FundLedger

extension EmbeddedDemo {
    /// What `fundledger demo` prints first.
    public static let header = """
        FundLedger demo: social investment funds in Skåne
        Source: "Sociala Investeringar – Varför det?", a report from Region Skåne's conference of 11 November (docs/demo.md).
        Each chapter is a command file of examples/demo/, recorded all or none as `fundledger apply` records it; a rerun
        is a retry and writes nothing. Reasons say where figures come from: [amount from the article], [rule from the
        domain primer, not the article], [illustrative: amount not in the article].
        """

    /// The reports the demo prints for every fund, and those added for a fund with realised savings.
    public static let reports = ["fund-statement", "portfolio"]
    public static let savingsReports = ["repayments", "savings-flows"]

    /// Records every chapter in order, as `fundledger apply` records a file, handing `output` each line to
    /// print: the chapter's title and about, then what it recorded (or found recorded) and refused as the story
    /// expects. A chapter refused by a rule means the database holds another story: exit 4, naming it.
    public static func record(with recorder: Recorder, output: (String) -> Void) async throws {
        for (name, text) in files {
            let source = "examples/demo/\(name).yaml"
            let document = try CommandFile.read(text, source: source, path: source)
            output("\n" + (document.title ?? name))
            for line in (document.about ?? "").split(separator: "\n") { output("  " + line) }
            do {
                try await recorder.recordBatch(document.commands, source: source).lines(json: false).forEach(output)
            } catch let error as UserError where error.exitCode == ExitStatus.ruleBroken {
                throw UserError(
                    description: "demo chapter \(name) was refused: \(error.description); the demo records its own organisations and funds, "
                        + "so run it on a fresh database (or one only the demo has written to)",
                    exitCode: ExitStatus.conflict)
            }
        }
    }

    /// Each fund in the order the story establishes it, with the reports the demo prints for it.
    public static func reports(for events: [StoredLedgerEvent]) -> [(fundID: String, reports: [String])] {
        let saving = Set(events.compactMap { stored -> String? in
            guard case .savingRealised = stored.event else { return nil }
            return LedgerState.fundID(ofStream: stored.streamID)
        })
        return events.compactMap { stored in
            guard case .fundEstablished(let fund) = stored.event else { return nil }
            return (fund.fundID, reports + (saving.contains(fund.fundID) ? savingsReports : []))
        }
    }
}
