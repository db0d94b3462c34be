import LadderEngine
import LadderExpressions
import Testing

/// Case ids are found as `String` equality finds them: many ids (the table grows), ids that are
/// not ASCII, and ids canonically equivalent to another id.
@Suite struct CaseLookupTests {
    let fields: [String: Value] = ["title": .string("t"), "priority": .string("high")]

    @Test func manyIdsAreFoundAfterTheTableGrows() throws {
        var run = try Run("basics", options: .minimal)
        for number in 0..<300 { run.open("case-\(number)", fields, at: monday9) }
        for number in 0..<300 {
            #expect(run.state.number(ofCase: "case-\(number)") == Int32(number))
        }
        #expect(run.state.number(ofCase: "case-300") == nil)
        #expect(run.send(.open(caseID: "case-7", fields: []), at: monday9).rejection?.code == .duplicateCase)
        #expect(run.send(.close(caseID: "case-300"), at: monday9).rejection?.code == .unknownCase)
    }

    @Test func anIdNotASCIIFindsAnEquivalentIdWhileAllIdsAreASCII() throws {
        var run = try Run("basics", options: .minimal)
        run.open("K-1", fields, at: monday9)
        // Only ASCII ids so far (no dictionary yet): KELVIN SIGN K is still the same case.
        #expect(run.state.number(ofCase: "\u{212A}-1") == 0)
        #expect(run.state.number(ofCase: "\u{212A}-2") == nil)
        #expect(run.send(.open(caseID: "\u{212A}-1", fields: []), at: monday9).rejection?.code == .duplicateCase)
        run.open("\u{212A}-2", fields, at: monday9)
        #expect(run.state.number(ofCase: "K-2") == 1)
        #expect(run.state.number(ofCase: "K-1") == 0)
    }

    @Test func canonicallyEquivalentIdsAreOneCase() throws {
        var run = try Run("basics", options: .minimal)
        run.open("K-1", fields, at: monday9)
        run.open("Caf\u{E9}", fields, at: monday9)
        // KELVIN SIGN is canonically equivalent to K; e + combining acute to é.
        #expect(run.state.number(ofCase: "\u{212A}-1") == 0)
        #expect(run.state.number(ofCase: "Cafe\u{301}") == 1)
        #expect(run.send(.open(caseID: "\u{212A}-1", fields: []), at: monday9).rejection?.code == .duplicateCase)
        #expect(run.send(.open(caseID: "Cafe\u{301}", fields: []), at: monday9).rejection?.code == .duplicateCase)
        #expect(run.send(.close(caseID: "Cafe\u{301}"), at: monday9).rejection == nil)
        #expect(run.state.case("Caf\u{E9}")?.closed == true)
    }

    /// The same text in storage of its own (another representation for ids past 15 bytes).
    func fresh(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

    @Test func idsStoredDifferentlyAreFoundAndCompareEqual() throws {
        var a = try Run("basics", options: .minimal)
        var b = try Run("basics", options: .minimal)
        let ids = (0..<40).map { $0 % 2 == 0 ? "c\($0)" : "a case id well past fifteen bytes \($0)" }
        for id in ids { a.open(id, fields, at: monday9) }
        for id in ids { b.open(fresh(id), fields, at: monday9) }
        for (number, id) in ids.enumerated() {
            #expect(a.state.number(ofCase: id) == Int32(number))  // the same representation
            #expect(a.state.number(ofCase: fresh(id)) == Int32(number))  // by bytes
            #expect(b.state.number(ofCase: id) == Int32(number))
        }
        #expect(a.state.number(ofCase: "a case id well past fifteen bytes 40") == nil)
        #expect(a.send(.open(caseID: fresh(ids[1]), fields: []), at: monday9).rejection?.code == .duplicateCase)
        // Equal states whatever the ids' storage.
        #expect(a.state == b.state)
    }
}
