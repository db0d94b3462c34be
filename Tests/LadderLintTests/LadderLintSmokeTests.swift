import Testing
@testable import LadderLint
