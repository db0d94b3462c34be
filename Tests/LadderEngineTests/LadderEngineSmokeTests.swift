import Testing
@testable import LadderEngine
