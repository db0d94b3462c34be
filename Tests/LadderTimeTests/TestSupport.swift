import Foundation
import LadderTestSupport
import Testing
@testable import LadderTime


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
