import EventStore
import Foundation
import FundLedger
import Testing

@testable import Recording

/// The catalogue without a binary: every field a command declares is read, none is read undeclared,
/// and names and command lines find their kinds.
@Suite struct CommandCatalogTests {
    /// A value every field of its shape accepts.
    static func sample(_ field: CommandField, kind: CommandKind) -> FieldValue {
        switch (field.name, field.valueName) {
        case ("kind", _): return .text(kind.name == "register_organisation" ? "kommun" : "committee")
        case ("outcome", _): return .text("completed")
        case ("method", _): return .text("cash")
        case ("currency", _): return .text("SEK")
        case ("event", _), ("command_id", _): return .text(UUID().uuidString)
        case (_, "AMOUNT"): return .text("100 000 kr")
        case (_, "DATE"): return .text("2026-01-01")
        case (_, "YEAR=AMOUNT"): return .list(["2026=100 000 kr"])
        case (_, "SHARE"): return .text("50%")
        case (_, "N"), (_, "YEARS"): return .text("2")
        case (_, "MODEL"): return .text("share:50%:cap=disbursed:horizon=5")
        case (_, "DEPT:YEAR=AMOUNT"): return .list(["SOC:2027=100 000 kr"])
        case (_, "NAME|UNIT|BASELINE|TARGET"): return .list(["placeringar|barn|40|25"])
        case (_, "NAME[:non-profit]"): return .list(["Fryshuset:non-profit"])
        case (_, ""): return .text("yes")
        default: return field.form == .repeatable ? .list(["BUN"]) : .text("x")
        }
    }

    static func defaults() -> MetadataDefaults {
        MetadataDefaults(actor: "test", effectiveDate: CivilDate("2026-01-01")!)
    }

    /// Each kind given every field it declares reads them all (an unread one fails the draft) and needs
    /// none it does not declare (a required undeclared field would be missing).
    @Test(arguments: CommandCatalog.all.map(\.name))
    func everyDeclaredFieldIsReadAndNoOther(_ name: String) throws {
        let kind = try #require(CommandCatalog.kind(named: name))
        var values: [String: FieldValue] = [:]
        for field in kind.fields + CommandField.metadata { values[field.name] = Self.sample(field, kind: kind) }
        var input = FieldInput(values, origin: .document("test", noun: "field"))
        let draft = try CommandCatalog.draft(kind, &input, context: BuildContext(state: LedgerState(events: [])), defaults: Self.defaults())
        #expect(!draft.commands.isEmpty)
        #expect(input.unread.isEmpty, "unread: \(input.unread)")
    }

    /// A field a kind does not declare is refused by name, whatever its value (null included).
    @Test(arguments: CommandCatalog.all.map(\.name))
    func anUndeclaredFieldIsRefused(_ name: String) throws {
        let kind = try #require(CommandCatalog.kind(named: name))
        for value in [FieldValue.text("1"), .null, .list(["a"])] {
            var input = FieldInput(["ammount": value], origin: .document("entry 1", noun: "field"))
            let error = #expect(throws: UserError.self) {
                try CommandCatalog.draft(kind, &input, context: BuildContext(state: LedgerState(events: [])), defaults: Self.defaults())
            }
            #expect(error?.description.contains("field ammount: \(kind.name) has no such field") == true, "\(String(describing: error))")
            #expect(error?.exitCode == ExitStatus.badInput)
        }
    }

    @Test func kindsAreFoundByNameAndCommandLine() throws {
        for kind in CommandCatalog.all {
            #expect(CommandCatalog.kind(named: kind.name)?.name == kind.name)
            #expect(CommandCatalog.kind(named: kind.commandLine)?.name == kind.name)
            #expect(CommandCatalog.kind(named: kind.commandLine.replacingOccurrences(of: " ", with: "-"))?.name == kind.name)
            #expect(!kind.abstract.isEmpty && kind.example.hasPrefix("fundledger \(kind.commandLine) "), "\(kind.name)")
            let names = kind.fields.map(\.name)
            #expect(Set(names).count == names.count, "\(kind.name) declares a field twice")
            #expect(Set(names).isDisjoint(with: CommandField.metadata.map(\.name)), "\(kind.name) redeclares metadata")
        }
        #expect(Set(CommandCatalog.all.map(\.commandLine)).count == CommandCatalog.all.count)
        #expect(CommandCatalog.kind(named: "realize_saving")?.name == "realise_saving")
        #expect(CommandCatalog.kind(named: "transfer") == nil)
    }

    /// The repayment field's help is the domain's one syntax text, not a copy.
    @Test func theRepaymentHelpIsTheDomainsSyntax() {
        #expect(CommandField.repayment.help.contains(RepaymentModel.syntax))
        #expect(CommandCatalog.decide.fields.contains { $0.name == "repayment" && $0.help.contains(RepaymentModel.syntax) })
    }

    /// A typo in a YAML flow mapping must not record a wrong amount: the stray null keys are unknown fields.
    @Test func aFlowMappingTypoIsRefused() throws {
        let text = "- {command: contribute, fund: f, amount: 1,2,3 kr, source: s}\n"
        let document = try CommandFile.read(text, source: "t.yaml", path: "t.yaml")
        var input = try #require(document.commands.first).input
        #expect(throws: UserError.self) {
            try CommandCatalog.draft(
                CommandCatalog.contribute, &input, context: BuildContext(state: LedgerState(events: [])), defaults: Self.defaults())
        }
    }
}
