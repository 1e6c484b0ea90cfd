import CostBenefit
import OutcomePayments
import Reporting
import SIEExport
import SocioEconomic
import SROI

/// Every built-in reporting plugin (one target each under `Plugins/`), registered once at start-up.
enum BuiltInPlugins {
    static var all: [any ReportPlugin] {
        [
            SIEExportPlugin(), SROIPlugin(), SocioEconomicPlugin(), CostBenefitPlugin(), OutcomePaymentsPlugin(),
        ]
    }

    /// Registers them in the shared registry (idempotent).
    static func bootstrap() {
        PluginRegistry.shared.bootstrap(all)
    }
}
