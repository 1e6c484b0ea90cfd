import EventStore
import FundLedger
import Projections

extension ParameterSpec {
    /// `fund`: the fund a report is about (its id); every fund report requires it.
    public static let fund = ParameterSpec("fund", .text, help: .helpFund, required: true)
}

extension ReportPlugin {
    /// The refusal for a `fund` parameter naming no fund in the ledger (within the requested bounds).
    public func unknownFund(_ fundID: String) -> ReportError {
        .plugin(id: id, message: "no fund \(Identifier.quoted(fundID)) in the ledger (within the requested bounds); check the fund id")
    }

    /// The refusal for an `initiative` parameter naming no initiative of the fund.
    public func unknownInitiative(_ initiativeID: String, fund fundID: String) -> ReportError {
        .plugin(id: id, message: "fund \(Identifier.printable(fundID)) has no initiative \(Identifier.quoted(initiativeID))")
    }

    /// The fund named by the `fund` parameter, or `unknownFund`.
    public func requestedFund(in state: LedgerState, _ parameters: ReportParameters) throws -> FundState {
        let fundID = parameters.text("fund") ?? ""
        guard let fund = state.funds[fundID] else { throw unknownFund(fundID) }
        return fund
    }

    /// The initiative named by the `initiative` parameter (or `unknownInitiative`); without it, the fund's
    /// initiatives that `include` keeps, in id order.
    public func requestedInitiatives(
        of fund: FundState, _ parameters: ReportParameters, where include: (InitiativeState) -> Bool = { _ in true }
    ) throws -> [InitiativeState] {
        guard let initiativeID = parameters.text("initiative") else {
            return fund.initiatives.values.filter(include).sorted { $0.id < $1.id }
        }
        guard let initiative = fund.initiatives[initiativeID] else { throw unknownInitiative(initiativeID, fund: fund.id) }
        return [initiative]
    }
}
