import Testing
@testable import LadderYAML
