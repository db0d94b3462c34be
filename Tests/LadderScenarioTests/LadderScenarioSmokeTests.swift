import Testing
@testable import LadderScenario
