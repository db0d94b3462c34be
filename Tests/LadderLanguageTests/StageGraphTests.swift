import Foundation
import LadderDiagnostics
import Testing
@testable import LadderLanguage

private let flow = workflow("""
fields:
  priority: { enum: [P1, P2], required: true }
teams:
  support: { members: [anna] }
stages:
  acknowledge: { title: Say "hi", assign: team.support, sla: 30m }
  postmortem: { needs: [acknowledge], when: case.priority == "P1" }
slas:
  response: { stop: stage.acknowledge.done, target: { by: case.priority, P1: 1h, P2: 4h } }
""")

@Test func graphHasANodePerStageAnEdgePerNeedAndClocksLinkedToTheirStopStage() throws {
    let (compiled, problems) = load(flow)
    #expect(problems.isEmpty)
    let graph = StageGraph(compiled)
    #expect(graph.nodes.map(\.id) == ["acknowledge", "postmortem"])
    #expect(graph.edges.map { "\($0.from)->\($0.to)" } == ["acknowledge->postmortem"])
    #expect(graph.clocks.first?.stoppedBy == ["acknowledge"])
    #expect(graph.clocks.first?.target == "by case.priority: P1: 1h, P2: 4h")
    let mermaid = graph.mermaid()
    #expect(mermaid.contains("acknowledge --> postmortem"))
    #expect(mermaid.contains("Say #quot;hi#quot;"))
    #expect(mermaid.contains("postmortem{{"))
    #expect(mermaid.contains("acknowledge -. stops .-> sla_response"))
    let dot = graph.dot()
    #expect(dot.contains("\"acknowledge\" -> \"postmortem\";"))
    #expect(dot.contains("Say &quot;hi&quot;"))
    #expect(dot.contains("sla: 30m"))
}

@Test func docsWorkflowPicturesAreCurrent() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let page = try String(contentsOf: root.appendingPathComponent("docs/workflows.md"), encoding: .utf8)
    for name in ["customer_escalation", "service_desk", "defect_notice"] {
        let path = root.appendingPathComponent("workflows/\(name).yaml")
        let (compiled, _) = WorkflowAnalyzer.load(SourceFile(path: name, bytes: Array(try Data(contentsOf: path))))
        #expect(page.contains("```mermaid\n" + StageGraph(compiled).mermaid() + "```"),
                "docs/workflows.md is stale for \(name): run docs/generate")
    }
}
