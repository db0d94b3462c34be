import LadderDiagnostics
import LadderYAML
import Testing
@testable import LadderLanguage

private let flow = workflow("""
fields:
  priority: { enum: [P1, P2], required: true }
  customer.arr: { type: number, default: 0 }
teams:
  support: { members: [anna, ben] }
stages:
  investigate: { assign: team.support, outcomes: [fixed, workaround] }
  resolve: { needs: [investigate] }
""")

private func resolve(_ text: String) -> (ResolvedScenario?, [Diagnostic]) {
    let (compiled, problems) = load(flow)
    precondition(problems.isEmpty)
    let source = SourceFile(path: "scenario.yaml", text: text)
    let root = YAMLParser.parse(source).root!
    let (scenario, decodeProblems) = ScenarioDecoder.decode(root: root, source: source)
    guard let scenario else { return (nil, decodeProblems) }
    let (resolved, resolveProblems) = ScenarioResolver.resolve(scenario, workflow: compiled)
    return (resolved, decodeProblems + resolveProblems)
}

private let header = "scenario: s\nworkflow: flow.yaml\nstart: 2026-11-20T17:30:00+01:00\ncase: { priority: P1 }\n"

@Test func scenarioEventsGetAbsoluteTimesInOrder() throws {
    let (resolved, problems) = resolve(header + """
    events:
      - { after: 10m, complete: investigate, outcome: fixed }
      - { at: 2026-11-23T10:00:00+01:00, update: { customer.arr: 5 } }
      - { after: 1d, complete: resolve }
    expect:
      - { stage: resolve, status: done, at: +3d }
      - { notified: level.top }
    """)
    #expect(problems.map(\.id) == ["unknown-reference"])
    #expect(resolved == nil)
    let (fixed, none) = resolve(header + """
    events:
      - { after: 10m, complete: investigate, outcome: fixed }
      - { at: 2026-11-23T10:00:00+01:00, update: { customer.arr: 5 } }
      - { after: 1d, complete: resolve }
    """)
    #expect(none.isEmpty)
    let times = try #require(fixed).events.map(\.time.seconds)
    #expect(times == [1_795_192_800, 1_795_424_400, 1_795_510_800])
}

@Test func scenarioRejectsUnknownStageOutcomeFieldAndWrongValueType() throws {
    let (_, problems) = resolve(header + """
    events:
      - { complete: investgate, outcome: fixed }
      - { complete: investigate, outcome: broken }
      - { update: { customer.tier: gold } }
      - { update: { customer.arr: lots } }
      - { complete: resolve, outcome: fixed }
    """)
    #expect(problems.map(\.id) == ["unknown-reference", "unknown-outcome", "unknown-reference", "invalid-value", "unknown-outcome"])
    #expect(problems.map(\.span.start.line) == [6, 7, 8, 9, 10])
    #expect(problems[0].hint == "did you mean `investigate`?")
}

@Test func scenarioNeedsRequiredFieldsAndKnownPeople() throws {
    let (_, problems) = resolve("scenario: s\nworkflow: flow.yaml\nstart: 2026-11-20T17:30:00+01:00\ncase: {}\naway: [anne]\n")
    #expect(problems.map(\.id) == ["missing-key", "unknown-reference"])
    #expect(problems[1].hint == "did you mean `anna`?")
}

@Test func eventsOutOfTimeOrderAreAnError() throws {
    let (_, problems) = resolve(header + """
    events:
      - { at: 2026-11-21T10:00:00+01:00, complete: investigate, outcome: fixed }
      - { at: 2026-11-21T09:00:00+01:00, complete: resolve }
    """)
    #expect(problems.map(\.id) == ["invalid-value"])
    #expect(problems.first?.hint == "list events in time order")
}
