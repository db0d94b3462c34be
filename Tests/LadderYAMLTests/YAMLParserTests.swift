import Foundation
import LadderDiagnostics
import Testing
@testable import LadderYAML

/// Parses on one thread, and again in two parts at once where the text can be cut: both must agree.
private func parse(_ text: String, limits: YAMLLimits = .default) -> (YAMLNode?, [Diagnostic]) {
    let source = SourceFile(path: "test.yaml", text: text)
    let result = YAMLParser.parse(source, limits: limits, parallelism: .never)
    let split = YAMLParser.parse(source, limits: limits, parallelism: .always)
    #expect(dump(split.root) == dump(result.root))
    #expect(split.diagnostics.map(summary) == result.diagnostics.map(summary))
    return (result.root, result.diagnostics)
}

private func summary(_ diagnostic: Diagnostic) -> String {
    "\(diagnostic.id) \(diagnostic.message) \(diagnostic.span.start.line):\(diagnostic.span.start.column) \(diagnostic.notes.count)"
}

/// Every node with its kind, text and span, for comparing trees.
func dump(_ node: YAMLNode?) -> String {
    guard let node else { return "nil" }
    // Lines and columns are looked up from the offsets (see `linesAndColumnsAreLibyamlsOwn`).
    let span = "\(node.offsets)"
    switch node.content {
    case .scalar(let scalar): return "\(scalar.style):\(scalar.value) \(span)"
    case .sequence(let items): return "[\(items.map { dump($0) }.joined(separator: ", "))] \(span)"
    case .mapping(let pairs): return "{\(pairs.map { dump($0.key) + ": " + dump($0.value) }.joined(separator: ", "))} \(span)"
    }
}

/// A file cut in two parts and parsed at once: the joined tree, or nil when the parts were
/// refused; and the tree of one parse of the whole.
private func splitAndWhole(_ text: String) -> (split: YAMLNode?, whole: YAMLNode?) {
    let source = SourceFile(path: "split.yaml", text: text)
    let whole = YAMLParser.parse(source, parallelism: .never).root
    guard let plan = SplitParse.Plan(source, minimumPart: 1) else { return (nil, whole) }
    return (SplitParse.parse(source, plan: plan, limits: .default)?.root, whole)
}

private func stages(_ count: Int, indent: String = "  ") -> String {
    (0..<count).map { "\(indent)stage_\($0):\n\(indent)\(indent)title: Stage \($0)\n\(indent)\(indent)needs: [a, b]\n" }.joined()
}

@Test func aLargeFileParsedInTwoPartsBuildsTheSameTree() throws {
    var text = "ladder: 1\nstages:\n"
    for index in 0..<3_000 { text += "  stage_\(index): { title: \"Stage \(index)\", needs: [a, b], sla: 30m }\n" }
    let source = SourceFile(path: "large.yaml", text: text)
    let plan = try #require(SplitParse.Plan(source, minimumPart: 16 * 1024))
    #expect(plan.section != nil)
    let split = try #require(SplitParse.parse(source, plan: plan, limits: .default)?.root)
    let sequential = YAMLParser.parse(source, parallelism: .never)
    #expect(sequential.diagnostics.isEmpty)
    #expect(dump(split) == dump(sequential.root))
    #expect(dump(YAMLParser.parse(source).root) == dump(sequential.root))
    // An error deep in a large file is reported the same way too (by the parse of the whole).
    let broken = SourceFile(path: "broken.yaml", text: text + "  bad: [unclosed\n")
    let brokenSequential = YAMLParser.parse(broken, parallelism: .never)
    let brokenSplit = YAMLParser.parse(broken, parallelism: .always)
    #expect(brokenSequential.diagnostics.count == 1)
    #expect(brokenSplit.diagnostics.map(summary) == brokenSequential.diagnostics.map(summary))
}

@Test func aCutAmongStagesJoinsTheSectionAndTheKeysAfterIt() throws {
    // The cut falls among the stages; `slas` and `templates` after them are a third part.
    let text = "# a comment\nladder: 1\nworkflow: w\nstages:\n" + stages(40) + "# between\nslas:\n  first: { target: 1h }\ntemplates:\n  t: { body: \"x\" }\n"
    let (split, whole) = splitAndWhole(text)
    #expect(split != nil)
    #expect(dump(split) == dump(whole))
    #expect(split?["stages"]?.pairs?.count == 40)
    #expect(split?.pairs?.map { $0.key.text ?? "" } == ["ladder", "workflow", "stages", "slas", "templates"])
}

@Test func aCutBetweenTopLevelKeysJoinsBothParts() throws {
    // Sections of equal size: the best cut is at column 0.
    let text = "ladder: 1\nfirst:\n" + stages(10) + "second:\n" + stages(10) + "third:\n" + stages(10) + "fourth:\n" + stages(10)
    let source = SourceFile(path: "split.yaml", text: text)
    let plan = try #require(SplitParse.Plan(source, minimumPart: 1))
    #expect(plan.section == nil)
    let (split, whole) = splitAndWhole(text)
    #expect(split != nil)
    #expect(dump(split) == dump(whole))
}

@Test func positionsStayExactWithCarriageReturnsAndNonASCIIText() throws {
    let text = "ladder: 1\r\ntitle: Zürich – Genève\r\nstages:\r\n" + stages(30).replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "Stage", with: "Étape")
    let (split, whole) = splitAndWhole(text)
    #expect(split != nil)
    #expect(dump(split) == dump(whole))
}

@Test(arguments: [
    ("an empty value before the cut", "    owner:\n", ""),
    ("a complex key without a value before the cut", "    ? extra\n", ""),
    ("a key repeated across the cut", "", "  stage_0:\n    title: again\n"),
    ("an alias to an anchor in the other part", "", "  late: *early\n"),
    ("a merge key", "", "  <<: { merged: true }\n"),
    ("a quoted value spanning the cut", "    title: \"open\n", ""),
])
func partsThatCouldDifferFromTheWholeAreRefused(what: String, beforeCut: String, afterCut: String) throws {
    // Cut among the stages, between `beforeCut` and `afterCut`: the parts must not be joined
    // (the whole file is parsed on one thread instead).
    let head = "ladder: 1\nanchors: &early { x: 1 }\nstages:\n" + stages(20) + beforeCut
    let text = head + afterCut + stages(20).replacingOccurrences(of: "stage_", with: "later_")
    let source = SourceFile(path: "split.yaml", text: text)
    let cut = head.utf8.count
    let plan = SplitParse.Plan(cut: cut, cutLine: head.filter { $0 == "\n" }.count,
                               section: .init(keyOffset: try #require(text.range(of: "stages:")).lowerBound.utf16Offset(in: text), end: nil))
    #expect(text.utf8.dropFirst(plan.section!.keyOffset).starts(with: "stages:".utf8))
    #expect(SplitParse.parse(source, plan: plan, limits: .default) == nil, "\(what)")
    let whole = YAMLParser.parse(source, parallelism: .never)
    let parallel = YAMLParser.parse(source, parallelism: .always)
    #expect(dump(parallel.root) == dump(whole.root), "\(what)")
    #expect(parallel.diagnostics.map(summary) == whole.diagnostics.map(summary), "\(what)")
}

@Test(arguments: ["", "    note: |\n      text\n", "    note: |+\n      text\n\n\n", "    note: >-\n      folded\n      text\n\n",
                   "    note: |\n      text\n   \n# comment\n", "    when: a and\n      b\n", "    owner: 'quoted'\n"])
func aCutAfterAValueThatEndsExactlyIsJoined(beforeCut: String) throws {
    let head = "ladder: 1\nanchors: &early { x: 1 }\nstages:\n" + stages(20) + beforeCut
    let text = head + stages(20).replacingOccurrences(of: "stage_", with: "later_")
    let source = SourceFile(path: "split.yaml", text: text)
    let keyOffset = try #require(text.range(of: "stages:")).lowerBound.utf16Offset(in: text)
    let plan = SplitParse.Plan(cut: head.utf8.count, cutLine: head.filter { $0 == "\n" }.count,
                               section: .init(keyOffset: keyOffset, end: nil))
    let split = try #require(SplitParse.parse(source, plan: plan, limits: .default)?.root)
    #expect(dump(split) == dump(YAMLParser.parse(source, parallelism: .never).root))
}

@Test func nodesCarryLineColumnAndByteOffsetOfStartAndEnd() throws {
    let source = SourceFile(path: "test.yaml", text: "ladder: 1\nstages:\n  acknowledge: { sla: 30m }\n")
    let (root, diagnostics) = YAMLParser.parse(source)
    #expect(diagnostics.isEmpty)
    let stages = try #require(root?["stages"])
    let ack = try #require(stages.pairs?.first)
    #expect(ack.key.span(in: source).start == SourceLocation(line: 3, column: 3, offset: 20))
    #expect(ack.key.span(in: source).end == SourceLocation(line: 3, column: 14, offset: 31))
    let sla = try #require(ack.value["sla"])
    #expect(sla.text == "30m")
    #expect(sla.span(in: source).start.line == 3)
    #expect(sla.span(in: source).start.column == 23)
}

@Test func byteOffsetsCountUTF8BytesWhileColumnsCountCharacters() throws {
    let source = SourceFile(path: "test.yaml", text: "title: Überprüfung\nx: y\n")
    let x = try #require(YAMLParser.parse(source).root?.pairs?.last)
    #expect(x.key.span(in: source).start.line == 2)
    #expect(x.key.span(in: source).start.column == 1)
    #expect(x.key.offsets.lowerBound == "title: Überprüfung\n".utf8.count)
}

@Test func scalarsKeepTheirTextWhateverYAMLWouldImplicitlyType() throws {
    let (root, _) = parse("a: NO\nb: 1.0\nc: 2026-12-24\nd: on\ne: '007'\n")
    #expect(root?["a"]?.text == "NO")
    #expect(root?["b"]?.text == "1.0")
    #expect(root?["c"]?.text == "2026-12-24")
    #expect(root?["d"]?.text == "on")
    #expect(root?["e"]?.scalar?.style == .singleQuoted)
}

@Test func duplicateKeyIsReportedAtTheSecondKeyWithANoteAtTheFirst() throws {
    let (root, diagnostics) = parse("stages:\n  a: {}\n  b: {}\n  a: {}\n")
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic.id == "duplicate-key")
    #expect(diagnostic.span.start.line == 4)
    #expect(diagnostic.notes.first?.span?.start.line == 2)
    #expect(root?["stages"]?.pairs?.count == 2)
}

@Test func duplicateKeysAreFoundInLargeMappingsToo() {
    var text = ""
    for index in 0..<100 { text += "k\(index): 1\n" }
    text += "k42: 2\n"
    let (root, diagnostics) = parse(text)
    #expect(diagnostics.map(\.id) == ["duplicate-key"])
    #expect(diagnostics.first?.span.start.line == 101)
    #expect(diagnostics.first?.notes.first?.span?.start.line == 43)
    // The first definition wins; the mapping keeps its other keys in order.
    #expect(root?["k42"]?.text == "1")
    #expect(root?.pairs?.count == 100)
    #expect(root?.pairs?.last?.key.text == "k99")
    // A key written three times is reported twice, each against the first, in document order.
    let (_, threeTimes) = parse(text + "k7: 3\nk42: 4\n")
    #expect(threeTimes.map { $0.span.start.line } == [101, 102, 103])
    #expect(threeTimes.compactMap { $0.notes.first?.span?.start.line } == [43, 8, 43])
}

@Test func tagsAreRejectedWithAHintAboutNot() throws {
    let (_, diagnostics) = parse("when: !case.closed\n")
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic.id == "yaml-tag")
    #expect(diagnostic.hint?.contains("not") == true)
    #expect(diagnostic.span.start == SourceLocation(line: 1, column: 7, offset: 6))
}

@Test func aliasesExpandToTheirAnchor() throws {
    let (root, diagnostics) = parse("a: &x { t: 1 }\nb: *x\n")
    #expect(diagnostics.isEmpty)
    #expect(root?["b"]?["t"]?.text == "1")
}

@Test func mergeKeysAddKeysWithoutOverridingExplicitOnes() throws {
    let (root, diagnostics) = parse("base: &b { calendar: x, members: [a] }\nteam:\n  <<: *b\n  calendar: y\n")
    #expect(diagnostics.isEmpty)
    #expect(root?["team"]?["calendar"]?.text == "y")
    #expect(root?["team"]?["members"]?.items?.count == 1)
}

// Merges and anchors of nested collections wait on side stacks while their collection is open;
// each must land on its own mapping.
@Test func nestedMergesAndAnchorsApplyToTheirOwnCollection() throws {
    let text = """
    a: &a { x: 1, y: 2 }
    b: &b { y: 3, z: 4 }
    c:
      <<: [*a, *b]
      inner: &i
        <<: *b
        z: 5
      w: &w [1, 2]
      x: 0
    d: *w
    e: *i
    """
    let (root, diagnostics) = parse(text)
    #expect(diagnostics.isEmpty)
    #expect(root?["c"]?.pairs?.compactMap(\.key.text) == ["inner", "w", "x", "y", "z"])
    #expect(root?["c"]?["x"]?.text == "0")
    #expect(root?["c"]?["y"]?.text == "2")
    #expect(root?["c"]?["z"]?.text == "4")
    #expect(root?["c"]?["inner"]?.pairs?.compactMap(\.key.text) == ["z", "y"])
    #expect(root?["c"]?["inner"]?["z"]?.text == "5")
    #expect(root?["d"]?.items?.compactMap(\.text) == ["1", "2"])
    #expect(root?["e"]?.pairs?.compactMap(\.key.text) == ["z", "y"])
}

@Test func aliasBombStopsWithADiagnosticInsteadOfExhaustingMemory() throws {
    var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1..<20 {
        let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
        text += "a\(level): &a\(level) [\(refs)]\n"
    }
    let (_, diagnostics) = parse(text)
    #expect(diagnostics.contains { $0.id == "alias-limit" })
}

@Test func unknownAliasIsALocatedError() throws {
    let (_, diagnostics) = parse("a: *nowhere\n")
    #expect(diagnostics.first?.id == "yaml-syntax")
    #expect(diagnostics.first?.message.contains("nowhere") == true)
}

@Test func syntaxErrorPointsAtTheProblem() throws {
    let (_, diagnostics) = parse("stages:\n  a: {\n  b: 1\n")
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic.id == "yaml-syntax")
    #expect(diagnostic.span.start.line >= 2)
}

@Test func tabIndentationGetsAHint() throws {
    let (_, diagnostics) = parse("stages:\n\ta: 1\n")
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic.id == "yaml-syntax")
    #expect(diagnostic.span.start.line == 2)
    #expect(diagnostic.hint?.contains("tabs") == true)
}

@Test func invalidUTF8IsReportedAtItsByte() throws {
    var bytes = Array("title: ok\nx: ".utf8)
    bytes.append(0xFF)
    bytes.append(contentsOf: Array("\n".utf8))
    let result = YAMLParser.parse(SourceFile(path: "bin.yaml", bytes: bytes))
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.id == "yaml-syntax")
    #expect(diagnostic.span.start.line == 2)
    #expect(diagnostic.hint == "save the file as UTF-8 text")
}

@Test func deepNestingIsBoundedWithoutRecursion() throws {
    let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let (_, diagnostics) = parse(text)
    #expect(diagnostics.first?.message.contains("deeper than") == true)
}

@Test func secondDocumentIsRejected() throws {
    let (_, diagnostics) = parse("a: 1\n---\nb: 2\n")
    #expect(diagnostics.first?.span.start.line == 2)
    #expect(diagnostics.first?.hint?.contains("own file") == true)
}

@Test func emptyFileIsReported() {
    let (root, diagnostics) = parse("")
    #expect(root == nil)
    #expect(diagnostics.first?.message == "the file is empty")
}

@Test func binaryGarbageNeverCrashes() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
        let bytes = (0..<Int.random(in: 0..<400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = YAMLParser.parse(SourceFile(path: "x.yaml", bytes: bytes))
    }
}

@Test func expressionOffsetsMapIntoPlainAndQuotedScalars() throws {
    let text = "a: case.region == \"emae\"\nb: 'x == ''y'' and z'\nc: \"p \\\" q\"\n"
    let source = SourceFile(path: "t.yaml", text: text)
    let root = try #require(YAMLParser.parse(source).root)
    let a = try #require(root["a"])
    let span = a.span(ofValueRange: 15..<21, in: source)
    #expect(span.start.column == 19)
    #expect(span.end.column == 25)
    let b = try #require(root["b"])
    // value: x == 'y' and z ; "and" starts at value offset 9
    let andSpan = b.span(ofValueRange: 9..<12, in: source)
    #expect(source.lineText(2).dropFirst(andSpan.start.column - 1).hasPrefix("and"))
    let c = try #require(root["c"])
    // value: p " q ; "q" at value offset 4
    let qSpan = c.span(ofValueRange: 4..<5, in: source)
    #expect(source.lineText(3).dropFirst(qSpan.start.column - 1).hasPrefix("q"))
}

@Test func blankOrCommentOnlyFileIsReported() {
    let (root, diagnostics) = parse("  \n# just a comment\n\n")
    #expect(root == nil)
    #expect(diagnostics.first?.message == "the file holds no YAML document: it is blank or only comments")
}

@Test func linesBrokenByCarriageReturnsOrUnicodeBreaksAgreeWithLibyaml() throws {
    for separator in ["\r", "\r\n", "\u{2028}", "\u{85}"] {
        let text = ["a: 1", "b: 2", "c: [x"].joined(separator: separator)
        let source = SourceFile(path: "t.yaml", text: text)
        let (_, diagnostics) = YAMLParser.parse(source)
        let diagnostic = try #require(diagnostics.first)
        #expect(source.lineCount == 3)
        #expect(diagnostic.span.start.line <= source.lineCount + 1)
        #expect(source.lineText(2) == "b: 2")
    }
    let broken = SourceFile(path: "t.yaml", text: "a: 1\rb: 2\r")
    #expect(YAMLParser.parse(broken).root?["b"]?.span(in: broken).start.line == 2)
}

@Test func fuzzerFoundInputKeepsEveryDiagnosticInsideTheFile() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz-crash-line-breaks.yaml")
    let source = SourceFile(path: "crash.yaml", bytes: Array(try Data(contentsOf: url)))
    for diagnostic in YAMLParser.parse(source).diagnostics {
        #expect(diagnostic.span.start.line <= source.lineCount + 1)
        #expect(diagnostic.span.start.offset <= source.bytes.count)
    }
}

@Test func collectionsOwnExactlySizedArrays() throws {
    // Children collect in a shared scratch buffer while a collection is read; a finished list must
    // not keep the scratch buffer (thousands of slots) alive.
    // A long list first makes the scratch buffer large.
    var text = "routing:\n" + String(repeating: "  - { name: r, to: team.x }\n", count: 300) + "stages:\n"
    for index in 0..<2_000 { text += "  s\(index): { needs: [a, b], title: t }\n" }
    let (root, _) = parse(text)
    let stages = try #require(root?["stages"]?.pairs)
    #expect(stages.count == 2_000)
    for stage in stages {
        let needs = try #require(stage.value["needs"]?.items)
        #expect(needs.count == 2 && needs.capacity < 8)
        #expect((stage.value.pairs?.capacity ?? 0) < 8)
    }
}

@Test func emptyCollectionsBecomeEmptyNodes() {
    let (root, diagnostics) = parse("a: []\nb: {}\nc: [[], {}]\n")
    #expect(diagnostics.isEmpty)
    #expect(root?["a"]?.items?.isEmpty == true)
    #expect(root?["b"]?.pairs?.isEmpty == true)
    #expect(root?["c"]?.items?.count == 2)
    #expect(root?["c"]?.items?.first?.items?.isEmpty == true)
    #expect(root?["c"]?.items?.last?.pairs?.isEmpty == true)
}

@Test func linesAndColumnsLookedUpFromOffsetsAreLibyamlsOwn() throws {
    // Nodes keep byte offsets; their lines and columns come from the file's line table. They
    // must be the positions libyaml reports, whatever the line breaks and characters.
    let texts = [
        "a: 1\nb: [x, \"y\", 'z']\nc: |\n  block\n  text\nd: >-\n  folded\n  more\ne:\n  - f\n  - g: h\n",
        "title: Überprüfung 🚀\nnext: ünïcödé\nlist: [é, \"日本語\", x]\n",
        "a: 1\r\nb: two words\r\nc:\r\n  - d\r\n",
        "a: 1\rb: 2\rc: [x, y]\r",
        "a: 1\u{2028}b: é\u{85}c: 3\n",
        "\u{FEFF}a: 1\nb: 2\n",
        "a:\tx\nb: \"tab\\tin\"\nempty:\nlast: end",
    ]
    for text in texts {
        let source = SourceFile(path: "t.yaml", text: text)
        let (root, diagnostics) = YAMLParser.parse(source, parallelism: .never)
        #expect(diagnostics.isEmpty, "\(text.debugDescription)")
        let tree = try #require(root)
        #expect(LibyamlMarks.scalars(of: tree, in: source) == LibyamlMarks.scalars(source.bytes), "\(text.debugDescription)")
    }
}

@Test func aPositionPastTheLastLineIsAtTheEndOfTheLastLine() throws {
    // libyaml places the empty value of `b:` on a third line the file does not have.
    let source = SourceFile(path: "t.yaml", text: "a: 1\nb:")
    let value = try #require(YAMLParser.parse(source).root?["b"])
    #expect(value.span(in: source).start == SourceLocation(line: 2, column: 3, offset: 7))
}

@Test func aUTF16FileIsRejectedWithAHintToSaveItAsUTF8() {
    for bom: [UInt8] in [[0xFF, 0xFE], [0xFE, 0xFF]] {
        let (root, diagnostics) = YAMLParser.parse(SourceFile(path: "t.yaml", bytes: bom + Array("a\u{0}:\u{0} \u{0}1\u{0}".utf8)))
        #expect(root == nil)
        #expect(diagnostics.map(\.id) == ["yaml-syntax"])
        #expect(diagnostics.first?.hint == "save the file as UTF-8")
    }
}

/// Keys are compared by their UTF-8 bytes, as the decoder looks them up: the same name written
/// precomposed and decomposed is two keys, in a small mapping and in a large one alike (a large
/// mapping's hash set had called them one, unlike a small mapping's comparison).
@Test(arguments: [3, 40])
func canonicallyEquivalentKeysInDifferentBytesAreDistinct(keys: Int) {
    var text = "caf\u{E9}: 1\n"
    for index in 0..<keys { text += "k\(index): 1\n" }
    text += "cafe\u{301}: 2\nk1: 3\n"
    let (root, diagnostics) = parse(text)
    #expect(diagnostics.map(\.id) == ["duplicate-key"])
    #expect(diagnostics.first?.message == "duplicate key \"k1\"")
    #expect(root?.pairs?.count == keys + 2)
}

@Test func keyTableFindsEachKeyOnceWhenGrownPastItsCapacity() {
    var table = KeyTable(capacity: 2)
    let keys = (0..<300).map { "key_\($0)" } + ["", "caf\u{E9}", "cafe\u{301}"]
    for key in keys {
        let inserted = table.insert(key)
        #expect(inserted, "\(key)")
    }
    for key in keys {
        let insertedAgain = table.insert(key)
        #expect(!insertedAgain, "\(key)")
    }
    for key in keys { #expect(table.contains(key)) }
    #expect(!table.contains("key_300"))
    #expect(!table.contains("key"))
}
