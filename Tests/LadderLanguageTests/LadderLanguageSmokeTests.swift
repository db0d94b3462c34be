import Testing
@testable import LadderLanguage
