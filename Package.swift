// swift-tools-version:6.1
// FundLedger: an event-sourced, append-only ledger for social investment funds.
import CompilerPluginSupport
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode (strict concurrency) plus upcoming features.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// A built-in reporting plugin: a library target under `Plugins/<name>/` on the plugin API (`Reporting`) and the
/// domain it reads.
func pluginTarget(_ name: String) -> Target {
    .target(
        name: name,
        dependencies: ["Reporting", "Projections", "FundLedger", "EventStore", "Memberwise"],
        path: "Plugins/\(name)",
        swiftSettings: strictSettings
    )
}

let package = Package(
    name: "FundLedger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fundledger", targets: ["fundledger"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "PostgresEventStore", targets: ["PostgresEventStore"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "Recording", targets: ["Recording"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Server", targets: ["Server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // The compiler plugin behind `@PublicMemberwiseInit` (docs/macros.md).
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
    ],
    targets: [
        // libpq, PostgreSQL's C client library, found through pkg-config.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // A small, safe Swift layer over libpq: bound parameters only, typed rows, COPY, LISTEN/NOTIFY.
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ"],
            swiftSettings: strictSettings
        ),
        // `@PublicMemberwiseInit`: the public memberwise initialiser Swift synthesises only internally, so a
        // public struct lists its stored properties once (docs/macros.md). The macro's declaration…
        .target(
            name: "Memberwise",
            dependencies: ["FundLedgerMacros"],
            swiftSettings: strictSettings
        ),
        // …the compiler plugin that expands it…
        .macro(
            name: "FundLedgerMacros",
            dependencies: [
                "MemberwiseMacros",
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
            ],
            swiftSettings: strictSettings
        ),
        // …and the expansion itself, on swift-syntax: a library of its own so that MemberwiseTests can expand it
        // without depending on the plugin (a test target that does is built for the host with everything it
        // links, which would compile the whole package twice).
        .target(
            name: "MemberwiseMacros",
            dependencies: [
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
            ],
            swiftSettings: strictSettings
        ),
        // The append-only event log as a protocol: streams, expected versions, hash chain, Merkle tree,
        // subscriptions, verify/export, and the store in memory. No storage library: pure Swift.
        .target(
            name: "EventStore",
            dependencies: [
                "Memberwise",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The event store on PostgreSQL: the `EventStore` protocol over libpq, the migrator and the embedded
        // `schema/` migrations, restoring an export, and the Merkle tree kept in the database.
        .target(
            name: "PostgresEventStore",
            dependencies: [
                "EventStore",
                "Memberwise",
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Evidence about the log for auditors who do not trust its administrator: Ed25519 keys as PEM,
        // signed notes, checkpoints of the Merkle tree recorded in the log, and witness cosignatures.
        .target(
            name: "Transparency",
            dependencies: [
                "EventStore",
                "Memberwise",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The fund ledger domain: events, commands, rules, state folds and postings. Pure Swift: it reaches
        // storage only through the EventStore protocol.
        .target(
            name: "FundLedger",
            dependencies: [
                "EventStore",
                "Memberwise",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The command catalogue: every recording command's fields declared once, read from the command line,
        // command files, row imports and requests, and recorded all or none through the domain's service.
        .target(
            name: "Recording",
            dependencies: ["FundLedger", "EventStore", "Memberwise", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // Folds over the log: ad hoc replays bounded by position, recorded time and effective date, and the
        // SQL read models kept up to date with checkpoints committed alongside their writes.
        .target(
            name: "Projections",
            dependencies: ["FundLedger", "EventStore", "Memberwise", "PostgresEventStore", "Postgres"],
            swiftSettings: strictSettings
        ),
        // The reporting plugin API: report documents, parameters, the registry, the host that stamps
        // reports with the ledger head, external plugins and the renderers.
        .target(
            name: "Reporting",
            dependencies: ["Projections", "FundLedger", "EventStore", "Memberwise"],
            swiftSettings: strictSettings
        ),
        // The `sie` reporting plugin: a fund's postings as an SIE 4I file (code page 437) for the accounting system.
        pluginTarget("SIEExport"),
        // Evaluation models on the plugin API (docs/models/): one library target per model.
        pluginTarget("SROI"),
        pluginTarget("SocioEconomic"),
        pluginTarget("CostBenefit"),
        pluginTarget("OutcomePayments"),
        // `fund-statement`: balance, flows, committed and uncommitted capital per fiscal year (model 1).
        pluginTarget("FundStatement"),
        // `portfolio`: each initiative's money, savings, repayments and indicators.
        pluginTarget("Portfolio"),
        // `savings-flows`: investing department × saving department matrix and net positions (model 3).
        pluginTarget("SavingsFlows"),
        // `repayments`: obligations, positions and remaining capacity per initiative (model 2).
        pluginTarget("Repayments"),
        // `audit-trail`: every event of a fund, initiative or department, corrections next to what they undo.
        pluginTarget("AuditTrail"),
        // A private PostgreSQL cluster per checkout (initdb + pg_ctl), the CLI's and the tests' default database.
        .target(
            name: "PrivateCluster",
            dependencies: ["Postgres"],
            swiftSettings: strictSettings
        ),
        // The HTTP API on Hummingbird 2: users with API tokens and roles, reads of funds and events, commands
        // recorded through the recording library, problem documents for errors and the OpenAPI contract.
        .target(
            name: "Server",
            dependencies: [
                "EventStore", "FundLedger", "Postgres", "PostgresEventStore", "Projections", "Recording", "Reporting", "Transparency",
                // Built-in reporting plugins (Plugins/), registered in BuiltInPlugins.swift.
                "FundStatement", "Portfolio", "SavingsFlows", "Repayments", "AuditTrail",
                "SIEExport", "SROI", "SocioEconomic", "CostBenefit", "OutcomePayments",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The HTTP parser's errors and parts, for the problem documents of requests it refuses (WireProblems).
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // bcrypt for people's passwords (`fundledger user add --password-stdin`, `POST /login`).
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strictSettings
        ),
        // The command-line front door for administrators.
        .executableTarget(
            name: "fundledger",
            dependencies: [
                "EventStore",
                "FundLedger",
                "Postgres",
                "PostgresEventStore",
                "PrivateCluster",
                "Projections",
                "Recording",
                "Reporting",
                "Server",
                "Transparency",
                // Built-in reporting plugins (Plugins/), for `report sie`'s file output.
                "SIEExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // What every benchmark shares: the server to measure on, a fresh migrated database, table helpers.
        .target(
            name: "BenchmarkSupport",
            dependencies: ["Postgres", "PostgresEventStore", "PrivateCluster", "FundLedger", "Projections"],
            path: "Benchmarks/BenchmarkSupport",
            swiftSettings: strictSettings
        ),
        // Prints append throughput next to plain INSERT and COPY baselines measured in the same run.
        .executableTarget(
            name: "AppendBenchmark",
            dependencies: ["BenchmarkSupport", "EventStore", "PostgresEventStore", "Postgres", "PrivateCluster"],
            path: "Benchmarks/AppendBenchmark",
            swiftSettings: strictSettings
        ),
        // Prints single-event rates over HTTP with group commit at 1…64 clients, next to the direct path and
        // plain INSERT measured in the same run.
        .executableTarget(
            name: "ServerBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "EventStore", "PostgresEventStore", "Postgres", "PrivateCluster", "Server",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ServerBenchmark",
            swiftSettings: strictSettings
        ),
        // Prints one command's cost at growing fund histories (with and without snapshots) and one fold
        // step's cost at growing initiative histories, each against its first size in the same run.
        .executableTarget(
            name: "CommandBenchmark",
            dependencies: ["BenchmarkSupport", "EventStore", "FundLedger", "PostgresEventStore", "Postgres", "PrivateCluster"],
            path: "Benchmarks/CommandBenchmark",
            swiftSettings: strictSettings
        ),
        // Prints Merkle proof times at growing log sizes next to a one-row lookup measured in the same run.
        .executableTarget(
            name: "ProofBenchmark",
            dependencies: ["BenchmarkSupport", "EventStore", "PostgresEventStore", "Postgres", "PrivateCluster"],
            path: "Benchmarks/ProofBenchmark",
            swiftSettings: strictSettings
        ),
        // Prints replay and read-model rebuild throughput next to the raw COPY read rate of the same rows.
        .executableTarget(
            name: "ReplayBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "EventStore", "FundLedger", "PostgresEventStore", "Postgres", "PrivateCluster", "Projections", "TestSupport",
                "Reporting", "Portfolio", "FundStatement",
            ],
            path: "Benchmarks/ReplayBenchmark",
            swiftSettings: strictSettings
        ),
        // Prints bytes per event and per organisation-year of a region's network recorded through the Recorder,
        // append rates per tenth of a log grown to millions of events, and the fold against the raw read rate.
        .executableTarget(
            name: "SizingBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "EventStore", "FundLedger", "PostgresEventStore", "Postgres", "Projections", "Recording", "TestSupport",
            ],
            path: "Benchmarks/SizingBenchmark",
            swiftSettings: strictSettings
        ),
        // The macro's expansions as source text, and initialisers it generated called for real.
        .testTarget(
            name: "MemberwiseTests",
            dependencies: [
                "Memberwise", "MemberwiseMacros",
                .product(name: "SwiftSyntaxMacroExpansion", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: [
                "EventStore", "PostgresEventStore", "Postgres", "TestSupport", "Transparency",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FundLedgerTests",
            dependencies: [
                "FundLedger", "EventStore", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        // The command catalogue without a binary: every field read, the command line, command files and rows.
        .testTarget(
            name: "RecordingTests",
            dependencies: ["Recording", "FundLedger", "EventStore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // Runs the built `fundledger` binary and checks its output and exit codes.
        .testTarget(
            name: "CLITests",
            dependencies: [
                "fundledger", "Recording", "EventStore", "FundLedger", "PostgresEventStore", "Postgres", "Server", "TestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "FundLedger", "EventStore", "PostgresEventStore", "Postgres", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // Renderers (every format, exact output) and external plugins end to end on PostgreSQL.
        .testTarget(
            name: "ReportingTests",
            dependencies: ["Reporting", "Projections", "FundLedger", "EventStore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // The SIE export, checked by a parser written from the SIE specification, on both stores.
        .testTarget(
            name: "SIEExportTests",
            dependencies: ["SIEExport", "Reporting", "Projections", "FundLedger", "EventStore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // The evaluation models' worked examples, pure and end to end on PostgreSQL.
        .testTarget(
            name: "EvaluationModelTests",
            dependencies: [
                "SROI", "SocioEconomic", "CostBenefit", "OutcomePayments", "Reporting", "Projections", "FundLedger",
                "EventStore", "TestSupport", "ReportTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        // The core reports (fund statement, portfolio, savings flows, repayments, audit trail) against
        // hand-computed ledgers, in memory and on PostgreSQL.
        .testTarget(
            name: "CoreReportTests",
            dependencies: [
                "FundStatement", "Portfolio", "SavingsFlows", "Repayments", "AuditTrail", "Reporting", "Projections",
                "FundLedger", "EventStore", "TestSupport", "ReportTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        // The HTTP API end to end on PostgreSQL: roles, reads, commands, problem documents, the OpenAPI contract.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Recording", "FundLedger", "EventStore", "PostgresEventStore", "Postgres", "TestSupport",
                "Reporting", "Transparency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Test-only helpers: a fresh migrated PostgreSQL database per test, and a generated ledger (SyntheticLedger).
        .target(
            name: "TestSupport",
            dependencies: ["EventStore", "FundLedger", "Memberwise", "PostgresEventStore", "Postgres", "PrivateCluster"],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        // What the report tests of the plugin targets share: one plugin run through the host, figures and tables
        // looked up in its document.
        .target(
            name: "ReportTestSupport",
            dependencies: ["EventStore", "Projections", "Reporting"],
            path: "Tests/ReportTestSupport",
            swiftSettings: strictSettings
        ),
    ]
)
