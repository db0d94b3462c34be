import Testing
@testable import LadderTime
