/// `count` integers spread deterministically over every magnitude (1 to 19 digits, either sign), from a
/// 64-bit linear congruential sequence started at `seed`: inputs for the text round-trip tests.
func int64sOfEveryMagnitude(count: Int, seed: UInt64) -> [Int64] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let digits = Int(state >> 59) % 19 + 1
        var divisor: UInt64 = 1
        for _ in digits..<19 { divisor *= 10 }
        return Int64(bitPattern: state) / Int64(divisor)
    }
}
