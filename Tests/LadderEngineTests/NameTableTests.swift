@testable import LadderEngine
import LadderExpressions
import Testing

/// Name tables find what `String ==` finds, by representation (identical words) or by bytes.
@Suite struct NameTableTests {
    /// A copy of `text` in storage of its own (a different representation for long texts).
    func fresh(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

    @Test func namesAreFoundWhateverTheirRepresentation() {
        let names = ["status", "priority", "customer.email", "waiting-on-customer", "a-name-well-past-fifteen-bytes", "é"]
        let table = NameTable(names: names)
        for (position, name) in names.enumerated() {
            #expect(table[name] == position)  // the same representation
            #expect(table[fresh(name)] == position)  // equal text, other storage for long names
            #expect(table[String(name.reversed().reversed())] == position)
        }
        // Canonically equivalent to "é" (e + combining acute): found as `String ==` finds it.
        #expect(table["e\u{301}"] == 5)
        #expect(table["statu"] == nil)
        #expect(table["waiting-on-customers"] == nil)
        #expect(table[""] == nil)
    }

    @Test func aRepeatedNameKeepsItsFirstPosition() {
        let table = NameTable(names: ["open", "closed", "open"])
        #expect(table["open"] == 0)
        #expect(table[fresh("open")] == 0)
        #expect(table["closed"] == 1)
    }

    @Test func manyNamesAreFoundByRepresentationAndByBytes() {
        let names = (0..<200).map { $0 % 2 == 0 ? "n\($0)" : "a rather long name number \($0)" }
        let table = NameTable(names: names)
        for (position, name) in names.enumerated() {
            #expect(table[name] == position)
            #expect(table[fresh(name)] == position)
        }
    }
}
