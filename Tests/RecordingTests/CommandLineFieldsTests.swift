import Testing

@testable import Recording

/// The command line's options are the catalogue's fields, under the same names and checks.
@Suite struct CommandLineFieldsTests {
    func parse(_ arguments: [String], _ kind: CommandKind = CommandCatalog.disburse) throws -> [String: FieldValue] {
        try CommandLineFields.parse(arguments, for: kind)
    }

    func usageError(_ arguments: [String], _ kind: CommandKind = CommandCatalog.disburse) -> String {
        do {
            _ = try parse(arguments, kind)
            return "accepted"
        } catch let error as UserError {
            return error.exitCode == ExitStatus.usage ? error.description : "exit \(error.exitCode): \(error.description)"
        } catch {
            return "\(error)"
        }
    }

    @Test func optionsBecomeFields() throws {
        let fields = try parse(["--fund", "f", "--amount=-5 kr", "--repeated-voucher", "--department", "BUN"])
        #expect(fields == ["fund": .text("f"), "amount": .text("-5 kr"), "repeated_voucher": .text("true"), "department": .text("BUN")])
    }

    @Test func repeatableOptionsCollectAList() throws {
        let fields = try parse(["--department", "BUN", "--department", "SOC", "--request", "2026=1 kr"], CommandCatalog.apply)
        #expect(fields["department"] == .list(["BUN", "SOC"]))
        #expect(fields["request"] == .list(["2026=1 kr"]))
    }

    @Test func otherSpellingsAndInvertibleFlags() throws {
        #expect(try parse(["--id", "f"], CommandCatalog.establishFund)["fund"] == .text("f"))
        #expect(try parse(["--fund", "f"], CommandCatalog.establishFund)["fund"] == .text("f"))
        #expect(try parse(["--no-cashable"], CommandCatalog.realiseSaving)["cashable"] == .text("false"))
        #expect(try parse(["--cashable"], CommandCatalog.realiseSaving)["cashable"] == .text("true"))
        #expect(try parse(["--any-priority-area"], CommandCatalog.changePolicy)["priority_area"] == .list([]))
        #expect(try parse(["--min-cofinancing", "30%"], CommandCatalog.changePolicy)["min_co_financing"] == .text("30%"))
    }

    @Test func mistakesAreUsageErrorsNamingTheOption() {
        #expect(usageError(["--amont", "5"]).contains("initiative disburse has no option \"--amont\""))
        #expect(usageError(["--amount"]).contains("--amount needs a value"))
        #expect(usageError(["--amount", "1", "--amount", "2"]).contains("--amount is given twice"))
        #expect(usageError(["stray"]).contains("unexpected argument \"stray\""))
        #expect(usageError(["--repeated-voucher=yes"]).contains("--repeated-voucher takes no value"))
        #expect(usageError(["--any-priority-area", "--priority-area", "x"], CommandCatalog.changePolicy).contains("contradict"))
        #expect(usageError(["--priority-area", "x", "--any-priority-area"], CommandCatalog.changePolicy).contains("contradict"))
        #expect(usageError(["--no-repeated-voucher"]).contains("has no option"))
    }

    @Test func helpListsEveryFieldWithinEightyColumns() {
        for kind in CommandCatalog.all {
            let help = CommandLineFields.help(for: kind)
            for field in kind.fields { #expect(help.contains(field.optionName), "\(kind.name): \(field.optionName)") }
            #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(kind.name)")
        }
    }
}
