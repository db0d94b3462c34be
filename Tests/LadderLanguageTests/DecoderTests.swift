import Foundation
import LadderDiagnostics
import LadderExpressions
import LadderYAML
import Testing
@testable import LadderLanguage

@Test func completeExampleWorkflowsDecodeWithoutDiagnostics() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../workflows")
    for name in ["customer_escalation", "service_desk", "defect_notice"] {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(name).yaml"))
        let (compiled, problems) = WorkflowAnalyzer.load(SourceFile(path: name, bytes: Array(data)))
        #expect(problems.isEmpty, "\(name): \(problems.map(\.message))")
        #expect(!compiled.stages.isEmpty)
    }
}

@Test func unknownKeySuggestsTheClosestKeyWithAFix() throws {
    let found = diagnostics(workflow("stages:\n  a: { titel: Open }\n"))
    let diagnostic = try #require(found.first { $0.id == "unknown-key" })
    #expect(diagnostic.position == "4:8-13")
    #expect(diagnostic.hint == "did you mean `title`?")
    #expect(diagnostic.fixIt?.replacement == "title")
}

@Test func missingRequiredKeysAreAllReported() {
    let found = diagnostics("title: x\n")
    #expect(found.filter { $0.id == "missing-key" }.map(\.message).sorted() == [
        "a workflow file is missing the required key `ladder`", "a workflow file is missing the required key `stages`",
        "a workflow file is missing the required key `workflow`",
    ])
}

@Test func decodingCollectsEveryProblemInOnePass() {
    let found = diagnostics(workflow("""
    stages:
      Bad-Name: {}
      b: { sla: 30 minutes, needs: x }
    teams:
      t: { members: anna }
    """))
    #expect(Set(found.map(\.id)).isSuperset(of: ["invalid-identifier", "invalid-value", "wrong-type"]))
    #expect(found.count >= 3)
}

@Test func invalidIdentifierSuggestsTheCorrectedName() throws {
    let diagnostic = try #require(diagnostics(workflow("stages:\n  Post-Mortem: {}\n")).first)
    #expect(diagnostic.id == "invalid-identifier")
    #expect(diagnostic.hint == "rename it to `post_mortem`")
    #expect(diagnostic.position == "4:3-14")
}

@Test func badDurationPointsInsideTheValue() throws {
    let diagnostic = try #require(diagnostics(workflow("stages:\n  a: { sla: 30x }\n")).first)
    #expect(diagnostic.id == "invalid-value")
    #expect(diagnostic.span.start.column == 15)
    #expect(diagnostic.message.contains("unknown duration unit"))
}

@Test func valuesAreTypedByTheSchemaNotByYAML() throws {
    let (compiled, found) = load(workflow("""
    fields:
      answer: { enum: ["NO", "YES"], default: NO }
      version: { type: string, default: 1.0 }
      due: { type: time, default: "2026-12-24T09:00:00Z" }
      flag: { type: bool, default: false }
    stages:
      a: {}
    """))
    #expect(found.isEmpty)
    #expect(compiled.fields.map(\.defaultValue) == [.string("NO"), .string("1.0"), .time(1_798_102_800), .bool(false)])
}

@Test func yesIsNotABoolean() throws {
    let diagnostic = try #require(diagnostics(workflow("fields:\n  f: { type: bool, default: yes }\nstages: { a: {} }\n")).first)
    #expect(diagnostic.id == "invalid-value")
    #expect(diagnostic.message.contains("not true or false"))
}

@Test func dottedFieldsCannotBeBothValueAndObject() throws {
    let found = diagnostics(workflow("fields:\n  customer: string\n  customer.tier: string\nstages: { a: {} }\n"))
    #expect(found.contains { $0.message.contains("clashes") && $0.span.start.line == 5 })
}

@Test func calendarErrorsPointAtTheDayOrHourInsideTheValue() throws {
    let found = diagnostics(workflow("""
    calendars:
      office:
        timezone: Europe/Berlim
        hours: { mon-fir: "08:00-18:00", sat: "09:00-25:00" }
    stages: { a: {} }
    """))
    let zone = try #require(found.first { $0.message.contains("time zone") })
    #expect(zone.hint == "did you mean \"Europe/Berlin\"?")
    #expect(found.contains { $0.span.start.line == 6 && $0.span.start.column > 14 && $0.message.contains("fir") })
    #expect(found.contains { $0.span.start.line == 6 && $0.message.contains("25") })
}

@Test func versionOtherThanOneIsUnsupported() throws {
    let found = diagnostics("ladder: 2\nworkflow: demo\nstages: { a: {} }\n")
    #expect(found.map(\.id) == ["unsupported-version"])
}

@Test func notificationNeedsOnOrEvery() throws {
    let found = diagnostics(workflow("""
    fields: { customer.email: string }
    stages: { a: {} }
    templates: { t: { body: hi } }
    notifications:
      - { name: n, to: [customer], template: t }
    """))
    #expect(found.map(\.id) == ["missing-key"])
}

@Test func entriesMissingRequiredKeysAreReportedNotCrashed() {
    let cases = [
        "stages: { a: {} }\nslas: { s: { stop: stage.a.done } }\n",
        "stages: { a: {} }\ntemplates: { t: { subject: hi } }\n",
        "stages: { a: {} }\nrouting:\n  - { when: 'true' }\n",
        "stages: { a: {} }\nlevels:\n  - { owner: routing }\n",
        "stages: { a: {} }\nrules:\n  - { name: r }\n",
        "stages: { a: {} }\nrules:\n  - { name: r, on: case.opened, do: [ { assign: { to: anna } } ] }\n",
        "stages: { a: { sla: { calendar: always } } }\n",
        "stages: { a: {} }\nnotifications:\n  - { on: case.opened }\n",
        "stages: { a: {} }\nteams: { t: {} }\n",
    ]
    for body in cases {
        let found = diagnostics(workflow(body))
        #expect(found.contains { $0.id == "missing-key" }, "\(body)")
    }
}

@Test func aWorkflowWithoutStagesIsReported() {
    #expect(diagnostics("ladder: 1\nworkflow: demo\n").map(\.message) == ["a workflow file is missing the required key `stages`"])
}

@Test func referenceSuffixesDecideByCharactersBeyondASCII() {
    #expect(ReferenceSyntax.suffix("team.emea", after: "team") == "emea")
    #expect(ReferenceSyntax.suffix("team.", after: "team") == nil)
    #expect(ReferenceSyntax.suffix("teams.emea", after: "team") == nil)
    #expect(ReferenceSyntax.suffix("role.emea", after: "team") == nil)
    #expect(ReferenceSyntax.suffix("team.équipe", after: "team") == "équipe")
    // A combining mark joins the "." into another character, so this is no `team.` reference.
    #expect(ReferenceSyntax.suffix("team.\u{301}x", after: "team") == nil)
    #expect(ReferenceSyntax.assignTarget("stage.review.assignee", allowPerson: false) == .stageAssignee("review"))
}

@Test func mappingsWithUnknownOrNonTextKeysKeepTheirKnownKeys() {
    let text = workflow("stages:\n  a: { colour: red, title: Open, [x]: 1, needs: [] }\n")
    let (decoded, found) = WorkflowDecoder.decode(SourceFile(path: "t.yaml", bytes: Array(text.utf8)))
    #expect(found.map(\.id) == ["unknown-key", "wrong-type"])
    #expect(decoded.stages.first?.title == "Open")
}

/// A workflow with `count` stages, each needing the one before, some with invalid names.
private func chainedStages(_ count: Int) -> String {
    var text = "ladder: 1\nworkflow: demo\nstages:\n"
    for index in 0..<count {
        let name = index % 97 == 5 ? "Bad-Name-\(index)" : "s\(index)"
        text += "  \(name):\n    title: Stage \(index)\n"
        if index > 0 { text += "    needs: [s\(index - 1)]\n    when: case.opened_at != null\n" }
    }
    return text
}

@Test(arguments: [40, 700])  // one thread, and two halves (from 512 stages on)
func decodingATreeItOwnsGivesTheSameModelAsDecodingAShared(stages: Int) {
    let source = SourceFile(path: "t.yaml", bytes: Array(chainedStages(stages).utf8))
    let shared = YAMLParser.parse(source).root!
    // `shared` stays alive, so this decoder cannot free the stages it has read.
    let (fromShared, sharedFindings) = WorkflowDecoder.decode(root: shared, source: source)
    // Here the decoder holds the only reference and frees each stage's nodes once read.
    let (fromOwned, ownedFindings) = WorkflowDecoder.decode(source)
    #expect(fromOwned.stages.count == stages)  // a stage with an invalid name is reported and kept
    #expect(fromOwned.stages.map(\.id.value) == fromShared.stages.map(\.id.value))
    #expect(fromOwned.stages.map { $0.needs.map(\.value) } == fromShared.stages.map { $0.needs.map(\.value) })
    #expect(fromOwned.stages.map { $0.when?.text } == fromShared.stages.map { $0.when?.text })
    #expect(ownedFindings.map(\.message) == sharedFindings.map(\.message))
    #expect(ownedFindings.contains { $0.message.contains("Bad-Name-5") })
    // The tree the second decoder did not own is untouched.
    #expect(shared["stages"]?.pairs?.count == stages)
}

@Test func stagesDecodedWhileTheFileIsReadAreTheStagesOfADecodeOfTheWholeTree() throws {
    // Two parts at once, the cut among the stages; invalid names, unknown keys and wrong types
    // in both parts.
    var text = chainedStages(700)
    text = text.replacingOccurrences(of: "    title: Stage 100\n", with: "    title: Stage 100\n    colour: red\n")
    text = text.replacingOccurrences(of: "    title: Stage 600\n", with: "    title: [Stage 600]\n    sla: 3 parsecs\n")
    text += "slas:\n  whole: { target: 4h, stop: stage.s699.done }\n"
    let source = SourceFile(path: "t.yaml", bytes: Array(text.utf8))
    let parsed = WorkflowDecoder.parse(source, parallelism: .always)
    let stages = try #require(parsed.stages)
    let (streamed, streamedFindings) = WorkflowDecoder.decode(root: try #require(parsed.root), stages: stages, source: source)
    let plain = YAMLParser.parse(source, parallelism: .never)
    let (whole, wholeFindings) = WorkflowDecoder.decode(root: try #require(plain.root), source: source)
    #expect(streamed.stages.count == 700)
    #expect(streamed.stages.map(\.id.value) == whole.stages.map(\.id.value))
    #expect(streamed.stages.map(\.id.span) == whole.stages.map(\.id.span))
    #expect(streamed.stages.map(\.title) == whole.stages.map(\.title))
    #expect(streamed.stages.map { $0.needs.map(\.value) } == whole.stages.map { $0.needs.map(\.value) })
    #expect(streamed.stages.map { $0.when?.text } == whole.stages.map { $0.when?.text })
    #expect(streamed.slas.map(\.id.value) == ["whole"])
    // The same findings in the same order: every stage name's first, then the bodies'.
    #expect(streamedFindings.map(\.message) == wholeFindings.map(\.message))
    #expect(streamedFindings.map(\.span) == wholeFindings.map(\.span))
    #expect(Set(streamedFindings.map(\.id)) == ["invalid-identifier", "unknown-key", "wrong-type", "invalid-value"])
    // And `decode(_:)` reads a large file the same way.
    #expect(WorkflowDecoder.decode(source).diagnostics.map(\.message) == wholeFindings.map(\.message))
}

@Test func aStagesSectionThatIsNotAMappingIsReportedOnce() {
    let (decoded, found) = WorkflowDecoder.decode(SourceFile(path: "t.yaml", text: workflow("stages:\n  - a\n  - b\n")))
    #expect(decoded.stages.isEmpty)
    #expect(found.map(\.id) == ["wrong-type"])
    #expect(found.first?.span.start.line == 4)
}

@Test func needEntriesKeepTheirSpansWhetherReadFromAFileOrGivenInCode() throws {
    // Read from a file: the table keeps names and offsets, and looks lines and columns up again.
    let text = workflow("stages:\n  a: {}\n  b:\n    needs: [a, \"é\"]\n  é: {}\n  c: { needs: é }\n")
    let (decoded, _) = WorkflowDecoder.decode(SourceFile(path: "t.yaml", text: text))
    let b = try #require(decoded.stages.first { $0.id.value == "b" })
    #expect(b.needs.map(\.value) == ["a", "é"])
    #expect(b.needs.map { "\($0.span.start.line):\($0.span.start.column)-\($0.span.end.column)" } == ["6:13-14", "6:16-19"])
    #expect(b.needs.map { $0.span.end.offset - $0.span.start.offset } == [1, 4])  // bytes: `"é"` is four
    #expect(b.needEntries.names.map { $0 } == ["a", "é"])
    let c = try #require(decoded.stages.first { $0.id.value == "c" })
    #expect(c.needs.first.map { "\($0.span.start.line):\($0.span.start.column)-\($0.span.end.column)" } == "8:15-16")
    // Given in code: the spans are kept as given.
    let span = SourceSpan(fileID: SourceFile(path: "x.yaml", text: "").id, start: SourceLocation(line: 3, column: 4, offset: 99), end: SourceLocation(line: 3, column: 9, offset: 104))
    let built = Stage(id: Located("z", span: span), title: nil, description: nil, needs: [Located("y", span: span)],
                      when: nil, assign: nil, sla: nil, outcomes: [], notify: nil)
    #expect(built.needs.first?.span == span)
    #expect(built.needEntries.name(at: 0) == "y")
}
