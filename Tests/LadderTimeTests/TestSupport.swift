import Foundation
import Testing
@testable import LadderTime

/// SplitMix64: a small, fast, seedable generator so property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An instant from ISO 8601 text; records a test failure on bad input.
func at(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Instant {
    switch Instant.parse(text) {
    case .success(let instant): return instant
    case .failure(let error):
        Issue.record("bad instant \(text): \(error)", sourceLocation: sourceLocation)
        return .epoch
    }
}

func zone(_ identifier: String) -> TimeZone { TimeZone(identifier: identifier)! }

func date(_ text: String) -> LocalDate { try! LocalDate.parse(text).get() }

func ranges(_ text: String) -> [OpenRange] { try! OpenRange.parseList(text).get() }
