import AuditTrail
import CostBenefit
import FundStatement
import OutcomePayments
import Portfolio
import Repayments
import Reporting
import SavingsFlows
import SIEExport
import SocioEconomic
import SROI

/// Every built-in reporting plugin (one target each under `Plugins/`), registered once at start-up.
public enum BuiltInPlugins {
    public static var all: [any ReportPlugin] {
        [
            FundStatementPlugin(), PortfolioPlugin(), SavingsFlowsPlugin(), RepaymentsPlugin(), AuditTrailPlugin(),
            SIEExportPlugin(), SROIPlugin(), SocioEconomicPlugin(), CostBenefitPlugin(), OutcomePaymentsPlugin(),
        ]
    }

    /// Registers them in the shared registry (idempotent).
    public static func bootstrap() {
        PluginRegistry.shared.bootstrap(all)
    }
}
