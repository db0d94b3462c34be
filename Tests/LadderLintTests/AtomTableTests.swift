import Testing
@testable import LadderLint

/// `AtomTable` numbers keys as a `[String: Int32]` filled in the same order would: ids in the
/// order first met, keys equal as `String`s (canonical equivalence), spaces left out of a
/// condition's text.
struct AtomTableTests {
    @Test func idsAreAssignedInOrderAndKept() {
        let table = AtomTable()
        var reference: [String: Int32] = [:]
        let keys = (0..<300).map { "case.f\($0 % 120)==\"v\($0 % 7)\"" }
        for key in keys {
            let expected = reference[key] ?? Int32(reference.count)
            reference[key] = expected
            #expect(table.id(key) == expected)
        }
    }

    @Test func textRangesAreReadWithoutSpaces() {
        let table = AtomTable()
        let text = "case.a > 1 and case.b  ==\t\"x y\""
        let first = table.id(of: text, 0..<10)  // `case.a > 1`
        #expect(table.id("case.a>1") == first)
        let second = table.id(of: text, 15..<text.utf8.count)
        #expect(second == first + 1)
        #expect(table.id("case.b==\"xy\"") == second)
        #expect(table.id(of: "  case.a>  1 ", 0..<13) == first)
    }

    @Test func keysCompareAsStrings() {
        let table = AtomTable()
        let precomposed = "case.name==\"caf\u{E9}\""
        let decomposed = "case.name==\"cafe\u{301}\""
        let id = table.id(precomposed)
        #expect(table.id(decomposed) == id)
        #expect(table.id(of: decomposed, 0..<decomposed.utf8.count) == id)
        // A key that is not ASCII may still equal an ASCII one: the Kelvin sign is K.
        let ascii = table.id("case.unit==\"K\"")
        #expect(table.id("case.unit==\"\u{212A}\"") == ascii)
        let kelvinFirst = AtomTable()
        let kelvin = kelvinFirst.id("case.unit==\"\u{212A}\"")
        #expect(kelvinFirst.id("case.unit==\"K\"") == kelvin)
        #expect(kelvinFirst.id(of: "case.unit == \"K\"", 0..<16) == kelvin)
        #expect(kelvinFirst.id("other") == kelvin + 1)
    }
}
