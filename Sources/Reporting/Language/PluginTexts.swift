/// What a plugin is called and what its parameters are labelled, in a language: for `fundledger plugins
/// --lang`, the web view's forms and the renderers' parameter lists. Built-in plugins are in the catalogue;
/// an external plugin (or a parameter the catalogue does not know) keeps the words it declared.
public enum PluginTexts {
    /// Short titles, summaries and parameter help of the built-in plugins, by id.
    static let plugins: [String: (title: ReportText, summary: ReportText)] = [
        "fund-statement": (.titleFundStatement, .fsSummary), "savings-flows": (.titleSavingsFlows, .sfSummary),
        "repayments": (.titleRepayments, .rpSummary), "portfolio": (.titlePortfolio, .pfSummary),
        "audit-trail": (.titleAuditTrail, .atSummary), "sie": (.titleSIE, .sieSummary), "sroi": (.titleSROI, .sroiSummary),
        "socio-economic": (.titleSocioEconomic, .seSummary), "cost-benefit": (.titleCostBenefit, .cbSummary),
        "outcome-payments": (.titleOutcomePayments, .opSummary),
    ]

    /// Parameter labels by parameter name.
    static let parameterLabels: [String: ReportText] = [
        "fund": .paramFund, "initiative": .paramInitiative, "year": .paramYear, "department": .paramDepartment,
        "contract": .paramContract, "from": .paramFrom, "to": .paramTo, "series": .paramSeries, "chart": .paramChart,
        "discounting": .paramDiscounting, "base-year": .paramBaseYear, "price-year": .paramPriceYear,
        "price-index": .paramPriceIndex, "sensitivity-step": .paramSensitivityStep, "cost-of-exclusion": .paramCostOfExclusion,
        "exclusion-outcome": .paramCostOfExclusion,
        "horizon-years": .paramHorizonYears,
    ]

    /// The plugin's short title (`Fondredovisning`), or its id when the catalogue does not know it.
    public static func title(pluginID: String, in language: ReportLanguage) -> String {
        plugins[pluginID].map { ReportTexts(language).template($0.title) } ?? pluginID
    }

    /// The plugin's one-line summary, or nil when the catalogue does not know it.
    public static func summary(pluginID: String, in language: ReportLanguage) -> String? {
        plugins[pluginID].map { ReportTexts(language).template($0.summary) }
    }

    /// A parameter's label (`Fond` for `fund`), or its name when the catalogue does not know it.
    public static func parameterLabel(_ name: String, in language: ReportLanguage) -> String {
        parameterLabels[name].map { ReportTexts(language).template($0) } ?? name
    }
}

extension PluginDescriptor {
    /// The descriptor with its summary and parameter help in `language` where the plugin declared them with
    /// catalogue keys; ids, parameter names and kinds stay as they are (they are what scripts and URLs use).
    public func localized(_ language: ReportLanguage) -> PluginDescriptor {
        var copy = self
        if origin == "built-in", let summary = PluginTexts.summary(pluginID: id, in: language) { copy.summary = summary }
        copy.parameters = parameters.map { spec in
            var spec = spec
            if let key = spec.helpKey { spec.help = ReportTexts(language).template(key) }
            return spec
        }
        return copy
    }
}
