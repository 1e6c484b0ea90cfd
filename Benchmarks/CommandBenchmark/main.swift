import BenchmarkSupport
// What one command costs as its fund's history grows, and what one fold step costs as one initiative's
// history grows: curves measured in one run (not a timed test).
//
//   make bench-commands                                  # 1k, 10k, 100k and 1M events on one fund
//   make bench-commands COMMAND_ARGS="--sizes 1000,10000 --fold-only"
//
// Commands: one fund's stream grows to each size (contributions appended in batches of 1 000, past the
// rules); then one command folds what came since the last snapshot (the first one after a bulk append) and
// 30 more are timed through `LedgerService.record` with snapshots (the default) and, up to 100k events,
// 3 with snapshots off (every command folds the whole stream): the baseline of the same run.
//
// Fold: one initiative receives N events of one kind (savings, repayments, disbursements, attributions,
// reversals) folded through `Books.record`, as `replay` folds them; for each kind the time per event at N
// and 2N shows whether a step costs more as the initiative's history grows.
import EventStore
import Foundation
import FundLedger
import Postgres
import PostgresEventStore
import PrivateCluster

struct Options {
    var sizes = [1_000, 10_000, 100_000, 1_000_000]
    var foldSizes = [2_000, 4_000, 8_000, 16_000]
    var commands = true
    var fold = true

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        func numbers(_ text: String?) -> [Int] { (text ?? "").split(separator: ",").compactMap { Int($0) } }
        while let argument = iterator.next() {
            switch argument {
            case "--sizes": sizes = numbers(iterator.next())
            case "--fold-sizes": foldSizes = numbers(iterator.next())
            case "--fold-only": commands = false
            case "--commands-only": fold = false
            default:
                FileHandle.standardError.write(Data("usage: CommandBenchmark [--sizes 1000,…] [--fold-sizes 2000,…] [--fold-only | --commands-only]\n".utf8))
                exit(64)
            }
        }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func timed(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    return seconds(ContinuousClock.now - start)
}


func milliseconds(_ value: Double) -> String { String(format: "%.2f ms", value * 1000) }

let options = Options(arguments: CommandLine.arguments)
if options.commands { try await CommandCurve(sizes: options.sizes).run() }
if options.fold { FoldCurve(sizes: options.foldSizes).run() }
