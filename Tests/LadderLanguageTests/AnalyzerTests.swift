import LadderDiagnostics
import LadderExpressions
import Testing
@testable import LadderLanguage

private let schema = """
fields:
  priority: { enum: [P1, P2, P3], required: true }
  region: { enum: [emea, amer, apac], required: true }
  status: { enum: [open, waiting-on-customer], default: open }
  customer.arr: { type: number, default: 0 }
  customer.email: string
teams:
  support: { members: [anna, ben] }
templates:
  note: { subject: "Case {{case.id}}", body: hello }

"""

@Test func unknownStageInNeedsSuggestsTheClosestStage() throws {
    let diagnostic = try #require(diagnostics(workflow("stages:\n  investigate: {}\n  resolve: { needs: [investigat] }\n")).first)
    #expect(diagnostic.id == "unknown-reference")
    #expect(diagnostic.position == "5:22-32")
    #expect(diagnostic.fixIt?.replacement == "investigate")
}

@Test func enumLiteralIsReportedAtTheLiteralWithTheValues() throws {
    let diagnostic = try #require(diagnostics(workflow(schema + "stages:\n  a: { when: case.region == \"emae\" }\n")).first)
    #expect(diagnostic.id == "enum-literal")
    #expect(diagnostic.position == "14:29-35")
    #expect(diagnostic.notes.first?.message == "case.region is one of: emea, amer, apac")
    #expect(diagnostic.hint?.contains("emea") == true)
}

@Test func expressionSyntaxErrorHasTheExactColumnInsideAQuotedScalar() throws {
    let diagnostic = try #require(diagnostics(workflow(schema + "stages:\n  a: { when: 'case.priority == \"P1\" && true' }\n")).first)
    #expect(diagnostic.id == "expression-syntax")
    #expect(diagnostic.span.start.line == 14)
    #expect(diagnostic.span.start.column == 37)
}

@Test func outcomeNotDeclaredIsUnknownOutcome() throws {
    let found = diagnostics(workflow("""
    stages:
      investigate: { outcomes: [fixed, workaround] }
      postmortem: { needs: [investigate], when: 'stage.investigate.outcome == "work_around"' }
    """))
    #expect(found.map(\.id) == ["unknown-outcome"])
}

@Test func conditionsMustBeBoolean() throws {
    let found = diagnostics(workflow(schema + "stages:\n  a: { when: case.customer.arr }\n"))
    #expect(found.map(\.id) == ["type-mismatch"])
}

@Test func byTableNeedsAnEnumAndKeysFromIt() throws {
    let found = diagnostics(workflow(schema + """
    stages: { a: {} }
    slas:
      response:
        target: { by: case.priority, P1: 1h, P5: 2h, default: 4h }
      other:
        target: { by: case.customer.email, x: 1h }
    """))
    #expect(found.map(\.id).sorted() == ["enum-literal", "type-mismatch"])
}

@Test func setAcceptsABareEnumValueAndChecksTypes() throws {
    let (compiled, found) = load(workflow(schema + """
    stages: { a: {} }
    rules:
      - name: wait
        on: case.opened
        do:
          - set: { status: waiting-on-customer }
          - set: { customer.arr: '"lots"' }
    """))
    #expect(found.map(\.id) == ["type-mismatch"])
    guard case .set(let assignments) = compiled.rules.first?.actions.first else {
        Issue.record("expected a set action")
        return
    }
    #expect(assignments.first?.value.compiled.isConstant == true)
}

@Test func builtinFieldsAreReadOnly() throws {
    let found = diagnostics(workflow(schema + "stages: { a: {} }\nrules:\n  - { name: r, on: case.opened, do: [ { set: { level: x } } ] }\n"))
    #expect(found.contains { $0.message == "`case.level` is read-only" && $0.hint == "use `escalate`" })
}

@Test func customerRecipientNeedsTheCustomerEmailField() throws {
    let found = diagnostics(workflow("stages: { a: { notify: { to: [customer], template: t } } }\ntemplates: { t: { body: x } }\n"))
    #expect(found.map(\.id) == ["unknown-reference"])
    #expect(found.first?.hint == "add `customer.email: string` to `fields`")
}

@Test func eventsNameExistingStagesSLAsAndLevels() throws {
    let found = diagnostics(workflow(schema + """
    stages: { a: {} }
    rules:
      - { name: r, on: [stage.b.done, sla.x.breached, level.top.entered, stage.a.finished], do: [ { close: true } ] }
    """))
    #expect(found.map(\.id) == ["invalid-value", "unknown-reference", "unknown-reference", "unknown-reference"])
}

@Test func duplicateRuleNamesAreReportedWithTheFirst() throws {
    let found = diagnostics(workflow("stages: { a: {} }\nlevels:\n  - { name: one, owner: routing }\n  - { name: one, owner: routing }\n"))
    let diagnostic = try #require(found.first)
    #expect(diagnostic.id == "duplicate-name")
    #expect(diagnostic.notes.first?.span?.start.line == 5)
}

@Test func compiledWorkflowResolvesIndicesAndDependants() throws {
    let (compiled, found) = load(workflow(schema + """
    stages:
      acknowledge: { assign: team.support }
      investigate: { needs: [acknowledge], outcomes: [fixed] }
      resolve: { needs: [investigate], assign: stage.investigate.assignee }
    """))
    #expect(found.isEmpty)
    #expect(compiled.stages.map(\.needs) == [[], [0], [1]])
    #expect(compiled.stages.map(\.dependants) == [[1], [2], []])
    #expect(compiled.stages[2].assign == .stageAssignee(1))
    #expect(compiled.stages[0].assign == .team(0))
}

@Test func stageClocksAreAddressableAsSLAsAfterTheSLAEntries() throws {
    let (compiled, found) = load(workflow(schema + """
    stages:
      acknowledge: { sla: 30m }
      investigate: { needs: [acknowledge], when: sla.acknowledge.breached or sla.response.breached }
    slas:
      response: { target: 1h }
    rules:
      - { name: late, on: sla.acknowledge.breached, do: [ { set: { customer.email: null } } ] }
    """))
    #expect(found.isEmpty, "\(found.map(\.message))")
    #expect(compiled.slaIndex == ["response": 0, "acknowledge": 1])
}

@Test func aStageClockMayNotShareItsNameWithAnSLA() throws {
    let found = diagnostics(workflow("stages:\n  acknowledge: { sla: 30m }\nslas:\n  acknowledge: { target: 1h }\n"))
    #expect(found.map(\.id) == ["duplicate-name"])
}

@Test func largeWorkflowsCheckedInTwoHalvesGiveTheSameStagesAndDiagnosticsInFileOrder() throws {
    // 600 stages: above the threshold from which the analyser checks stages on two threads.
    var body = schema + "stages:\n"
    for index in 0..<600 {
        body += "  s\(index):\n"
        if index > 0 { body += "    needs: [s\(index - 1)\(index == 450 ? ", s9999" : "")]\n" }
        if index == 10 || index == 590 { body += "    when: case.regoin == \"emea\"\n" }
        if index == 300 { body += "    when: case.priority == \"P9\"\n" }
        if index == 20 || index == 580 { body += "    titel: Stage \(index)\n" }
    }
    let (compiled, problems) = load(workflow(body))
    #expect(compiled.stages.count == 600)
    #expect(compiled.stages.map(\.id) == (0..<600).map { "s\($0)" })
    #expect(compiled.stages[1].needs == [0])
    #expect(compiled.stages[299].dependants == [300])
    #expect(compiled.stages[450].needs == [449])
    // Every problem, from both halves (decoded and checked on two threads), in the order of the
    // file: the decoder's first, then the analyser's.
    #expect(problems.map(\.id) == ["unknown-key", "unknown-key", "unknown-reference", "enum-literal", "unknown-reference", "unknown-reference"])
    #expect(problems.prefix(2).map(\.span.start.line) == problems.prefix(2).map(\.span.start.line).sorted())
    #expect(compiled.workflow.stages[20].title == nil)
    let lines = problems.dropFirst(2).map(\.span.start.line)
    #expect(lines == lines.sorted())
}

@Test func stageListsAndTitlesReadTheSameFromTheirSharedStorage() throws {
    // Both sizes: one table for all stages, and one per half (from 512 stages).
    for count in [5, 600] {
        var body = schema + "stages:\n"
        for index in 0..<count {
            body += "  s\(index):\n"
            switch index % 3 {
            case 0: body += "    title: A plain title longer than fifteen bytes \(index)\n"
            case 1: body += "    title: \"A quoted title with an \\\"escape\\\" \(index)\"\n"
            default: break
            }
            if index > 1, index != 3 { body += "    needs: [s\(index - 1), s\(index - 2)]\n" }
            if index == 3 { body += "    needs: [s0, nowhere, s1]\n    outcomes: [fixed, workaround]\n    sla: 2h\n    description: Rarely written\n" }
        }
        let (compiled, _) = load(workflow(body))
        let stages = compiled.workflow.stages
        #expect(stages.count == count)
        for (index, stage) in stages.enumerated() {
            #expect(Array(stage.needEntries).map(\.value) == stage.needs.map(\.value))
            #expect(stage.needEntries.map(\.span) == stage.needs.map(\.span))
            let title: String? = switch index % 3 {
            case 0: "A plain title longer than fifteen bytes \(index)"
            case 1: "A quoted title with an \"escape\" \(index)"
            default: nil
            }
            #expect(stage.title == title)
            #expect(compiled.stages[index].title == title)
            #expect(Array(compiled.stages[index].neededStages) == compiled.stages[index].needs)
            #expect(Array(compiled.stages[index].dependantStages) == compiled.stages[index].dependants)
        }
        let expectedDependants = (0..<count).map { index in
            (0..<count).filter { compiled.stages[$0].needs.contains(index) && $0 != index }
        }
        #expect(compiled.stages.map(\.dependants) == expectedDependants)
        if count > 3 {
            #expect(stages[3].needs.map(\.value) == ["s0", "nowhere", "s1"])
            #expect(compiled.stages[3].needs == [0, 1])
            #expect(stages[3].outcomes.map(\.value) == ["fixed", "workaround"])
            #expect(stages[3].description == "Rarely written")
            #expect(stages[3].sla?.target.value.description == "2h")
            #expect(compiled.stages[3].sla?.target.description == "2h")
        }
    }
}

@Test func stagePartsSetThroughTheirPropertiesReadBack() {
    var stage = Stage(id: Located("a", span: .fileStart("x")), title: nil, description: nil, needs: [], when: nil,
                      assign: nil, sla: nil, outcomes: [], notify: nil)
    #expect(stage.needs.isEmpty && stage.title == nil && stage.description == nil)
    stage.needs = [Located("b", span: .fileStart("x")), Located("c", span: .fileStart("y"))]
    stage.title = "A title longer than fifteen bytes"
    stage.description = "Described"
    stage.outcomes = [Located("done", span: .fileStart("x"))]
    #expect(stage.needs.map(\.value) == ["b", "c"])
    #expect(stage.needEntries[1].span.file == "y")
    #expect(stage.title == "A title longer than fifteen bytes")
    #expect(stage.description == "Described")
    #expect(stage.outcomes.map(\.value) == ["done"])
    stage.description = nil
    stage.outcomes = []
    #expect(stage.description == nil && stage.outcomes.isEmpty)
}

/// Names kept in hash tables were offered in the table's order, which changes from one process
/// to the next: among equally close names the first in sorted order is the suggestion.
@Test func equallyCloseSuggestionsAreTheSameInEveryRun() throws {
    let stages = (1...9).map { "  s\($0): {}\n" }.joined()
    let text = workflow("""
    calendars:
      c1: { timezone: UTC, hours: { mon-fri: "09:00-17:00" } }
      c2: { timezone: UTC, hours: { mon-fri: "09:00-17:00" } }
      c3: { timezone: UTC, hours: { mon-fri: "09:00-17:00" } }
    slas:
      t1: { stop: stage.s1.done, target: 1h }
      t2: { stop: stage.s2.done, target: 1h }
      t3: { stop: stage.s3.done, target: 1h }
    stages:
    \(stages)  last: { when: stage.sx.done and sla.tx.breached and calendar.cx.open }
    """)
    let hints = diagnostics(text).filter { $0.id == "unknown-reference" }.compactMap(\.hint)
    #expect(hints == ["did you mean `s1`?", "did you mean `t1`?", "did you mean `c1`?"])
}
