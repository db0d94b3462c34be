import Testing
@testable import LadderExpressions
