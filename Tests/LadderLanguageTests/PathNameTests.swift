import Testing
@testable import LadderLanguage

@Test func propertiesFoundByNameAreThoseOfTheTables() {
    for property in CaseProperty.allCases { #expect(CaseProperty.named(property.name) == property) }
    for property in StageProperty.allCases { #expect(StageProperty.named(property.name) == property) }
    for property in SLAProperty.allCases { #expect(SLAProperty.named(property.name) == property) }
    for name in ["", "don", "done ", "Done", "started-at", "opened", "state.", "breaches"] {
        #expect(CaseProperty.named(name) == CaseProperty.byName[name])
        #expect(StageProperty.named(name) == StageProperty.byName[name])
        #expect(SLAProperty.named(name) == SLAProperty.byName[name])
    }
}

@Test func objectPrefixesAreThoseOfSplittingAndJoining() {
    let names = ["tier", "customer.tier", "a.b.c.d", "", ".", "a.", ".a", "a..b", "..a.b", "a.b..", "é.ü.x", "a. b.c"]
    for name in names {
        var fast: Set<String> = []
        WorkflowScope.insertPrefixes(of: name, into: &fast)
        var expected: Set<String> = []
        var parts = name.split(separator: ".").dropLast()
        while !parts.isEmpty {
            expected.insert(parts.joined(separator: "."))
            parts = parts.dropLast()
        }
        #expect(fast == expected, "\(name)")
    }
}
