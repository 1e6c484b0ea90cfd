import Testing

@testable import Reporting

/// What the command line prints through Reporting: padded listings, plugin parameters from options, a
/// plugin's listing lines and the progress bar's line.
@Suite struct CommandLineRenderingTests {
    @Test func columnsAreAtLeastTheirMinimumWideAndWidenForALongerCell() {
        let lines = TextTableRenderer.lines(
            header: ["NAME", "ROLE", "STATUS", "CREATED"],
            rows: [["anna", "admin", "active", "2026-01-01T00:00:00Z"], ["a.very.long.name", "recorder", "disabled", "2026-01-02T00:00:00Z"]],
            minimumWidths: [4, 8, 8])
        #expect(lines == [
            "NAME              ROLE      STATUS    CREATED",
            "anna              admin     active    2026-01-01T00:00:00Z",
            "a.very.long.name  recorder  disabled  2026-01-02T00:00:00Z",
        ])
        // A cell wider than its minimum widens the column instead of being cut; no line ends in spaces.
        #expect(TextTableRenderer.lines(header: ["read model", "lag"], rows: [["a-model-with-a-long-name", ""]], minimumWidths: [12, 8], separator: " ")
            == ["read model               lag", "a-model-with-a-long-name"])
    }

    @Test func parametersFromTheCommandLine() throws {
        #expect(try ReportParameters.commandLine(params: ["year=2026", "note=a=b"], fund: "tomelilla", initiative: nil)
            == ["year": "2026", "note": "a=b", "fund": "tomelilla"])
        for (params, fund, message) in [
            (["year"], nil as String?, "--param takes name=value, got \"year\""),
            (["fund=a"], "b", "parameter fund is given twice (--param fund and --fund); give it once"),
            (["year=1", "year=2"], nil, "parameter year is given twice (--param year and --param year); give it once"),
        ] {
            let error = #expect(throws: CommandLineParameterError.self) { try ReportParameters.commandLine(params: params, fund: fund, initiative: nil) }
            #expect(error?.description == message)
        }
    }

    @Test func aPluginIsListedWithItsParameters() {
        let plugin = PluginDescriptor(
            id: "demo", summary: "A demo", parameters: [ParameterSpec("fund", .text, help: "The fund.", required: true)], origin: "/bin/demo")
        #expect(plugin.listing == ["demo  —  A demo  [/bin/demo]", "    --param fund=<\(ParameterKind.text.summary)>  The fund. (\(plugin.parameters[0].requirement))"])
        #expect(PluginDescriptor(id: "x", summary: "y", parameters: [], origin: "built-in").listing == ["x  —  y"])
    }

    @Test func theProgressLineGroupsDigitsAndSaysTimeLeft() {
        #expect(ProgressBar.line(label: "replay", done: 45_000, total: 100_000, elapsed: 3.6458)
            == "replay [#############.................] 45 000/100 000 events  12 342 ev/s  0:04 left")
        #expect(ProgressBar.grouped(-1_234_567) == "-1 234 567")
        #expect(ProgressBar.grouped(0) == "0")
    }
}
