import LadderDiagnostics
import Testing
@testable import LadderYAML

/// Keeps what the parser streams to it.
private final class RecordingSink: YAMLEntrySink, @unchecked Sendable {
    var keys: [YAMLNode] = []
    var values: [YAMLNode] = []
    var expected: (entries: Int, total: Int, first: Bool)?

    func receive(key: YAMLNode, value: consuming YAMLNode) {
        keys.append(key)
        values.append(value)
    }

    func expect(entries: Int, total: Int, first: Bool) { expected = (entries, total, first) }
}

private func stageLines(_ range: Range<Int>) -> String {
    range.map { "  stage_\($0):\n    title: Stage \($0)\n    needs: [a, b]\n" }.joined()
}

private func streamed(_ text: String, parallelism: YAMLParser.Parallelism = .always)
    -> (root: YAMLNode?, diagnostics: [Diagnostic], sinks: [RecordingSink]?, whole: YAMLNode?) {
    let source = SourceFile(path: "streamed.yaml", text: text)
    let result = YAMLParser.parse(source, parallelism: parallelism, streaming: "stages") { RecordingSink() }
    return (result.root, result.diagnostics, result.sinks, YAMLParser.parse(source, parallelism: .never).root)
}

@Test func streamedEntriesAreTheMappingsInOrderAndTheTreeKeepsTheirKeys() throws {
    // The cut falls among the stages: the first part streams the head of `stages`, the second
    // the rest, and the keys after them are a third part.
    let text = "ladder: 1\nworkflow: w\nstages:\n" + stageLines(0..<40) + "slas:\n  first: { target: 1h }\n"
    let (root, diagnostics, sinks, whole) = streamed(text)
    let parts = try #require(sinks)
    #expect(diagnostics.isEmpty)
    let wholeStages = try #require(whole?["stages"]?.pairs)
    #expect(parts.flatMap(\.keys).map(dump) == wholeStages.map { dump($0.key) })
    #expect(parts.flatMap(\.values).map(dump) == wholeStages.map { dump($0.value) })
    #expect(parts[0].keys.count > 0 && parts[1].keys.count > 0)
    // The hints counted from the lines are the parts' entries; the first part's room is for all.
    #expect(parts[0].expected?.entries == parts[0].keys.count && parts[0].expected?.total == 40 && parts[0].expected?.first == true)
    #expect(parts[1].expected?.entries == parts[1].keys.count && parts[1].expected?.first == false)
    // The tree keeps each key, with an empty mapping at its value's offsets.
    let kept = try #require(root?["stages"]?.pairs)
    #expect(kept.map { dump($0.key) } == wholeStages.map { dump($0.key) })
    #expect(kept.allSatisfy { $0.value.pairs?.isEmpty == true })
    #expect(kept.map(\.value.offsets) == wholeStages.map(\.value.offsets))
    #expect(dump(root?["slas"]) == dump(whole?["slas"]))
    #expect(root?.offsets == whole?.offsets)
}

@Test func aStagesSectionInOnePartStreamsFromThatPart() throws {
    // Sections of equal size: the cut is between top-level keys, `stages` wholly in the second part.
    let text = "ladder: 1\nfirst:\n" + stageLines(0..<10).replacingOccurrences(of: "stage_", with: "x_") + "second:\n"
        + stageLines(0..<10).replacingOccurrences(of: "stage_", with: "y_") + "stages:\n" + stageLines(0..<10) + "fourth:\n" + stageLines(0..<10)
    let (_, _, sinks, whole) = streamed(text)
    let parts = try #require(sinks)
    #expect(parts.flatMap(\.values).map(dump) == (whole?["stages"]?.pairs ?? []).map { dump($0.value) })
}

@Test func aKeyNamedStagesInsideAnotherSectionIsNotStreamed() throws {
    // The largest section is `teams`, cut among its entries: the team called `stages` is not
    // the top-level key, and stays in the tree.
    var text = "ladder: 1\nteams:\n"
    for index in 0..<60 { text += "  team_\(index):\n    members: [a, b, c]\n" }
    text += "  stages:\n    members: [z]\n" + "  team_x:\n    members: [q]\nstages:\n  only:\n    title: The only one\n"
    let (root, _, sinks, whole) = streamed(text)
    let parts = try #require(sinks)
    #expect(parts.flatMap(\.keys).map { $0.text ?? "" } == ["only"])
    #expect(dump(root?["teams"]) == dump(whole?["teams"]))
}

@Test(arguments: [
    // (An alias to it would repeat the streamed-out values.)
    ("an anchor on the streamed mapping", "stages: &all\n" + stageLines(0..<40) + "after: 1\n"),
    ("a repeated stage", "stages:\n" + stageLines(0..<40) + stageLines(3..<4)),
    ("a merge key among the stages", "base: &base\n  title: Base\nstages:\n" + stageLines(0..<40) + "  <<: { extra: *base }\n"),
])
func aStreamThatCannotStandLeavesTheTreeWhole(what: String, body: String) throws {
    let text = "ladder: 1\n" + body
    let (root, diagnostics, sinks, whole) = streamed(text)
    #expect(sinks == nil, "\(what)")
    #expect(dump(root) == dump(whole), "\(what)")
    let plain = YAMLParser.parse(SourceFile(path: "streamed.yaml", text: text))
    #expect(diagnostics.map(\.message) == plain.diagnostics.map(\.message), "\(what)")
}

@Test func aFileParsedWholeStreamsNothing() {
    // A small file is parsed on one thread: its tree is whole.
    let text = "ladder: 1\nstages:\n" + stageLines(0..<5)
    let (root, _, sinks, whole) = streamed(text, parallelism: .automatic)
    #expect(sinks == nil)
    #expect(dump(root) == dump(whole))
}
