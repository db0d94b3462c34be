import LadderExpressions
import LadderTime

/// The stage graph of a workflow, for `ladder graph`: each stage with its condition, SLA and
/// assignee, an edge for each `need`, and the SLA clocks linked to the stages that stop them.
public struct StageGraph: Sendable {
    public struct Node: Sendable {
        public var id: String
        public var title: String?
        public var when: String?
        public var sla: String?
        public var assignee: String?
        public var notify: String?
        public var outcomes: [String]
    }

    public struct Clock: Sendable {
        public var id: String
        public var target: String
        public var calendar: String
        /// The stages whose completion stops the clock.
        public var stoppedBy: [String]
    }

    public var workflowID: String
    public var title: String?
    public var nodes: [Node]
    /// `(from, to)`: `to` needs `from`.
    public var edges: [(from: String, to: String)]
    public var clocks: [Clock]

    public init(_ compiled: CompiledWorkflow) {
        let workflow = compiled.workflow
        workflowID = compiled.id
        title = workflow.title
        nodes = workflow.stages.map { stage in
            Node(
                id: stage.id.value, title: stage.title, when: stage.when?.text,
                sla: stage.sla.map { sla in sla.target.value.description + (sla.calendar.map { " on \($0.value)" } ?? "") },
                assignee: stage.assign?.value.description,
                notify: stage.notify.map { "\($0.template.value) → \($0.to.map { $0.value.description }.joined(separator: ", "))" },
                outcomes: stage.outcomes.map(\.value))
        }
        edges = workflow.stages.flatMap { stage in stage.needEntries.names.map { (from: $0, to: stage.id.value) } }
        clocks = compiled.slas.map { sla in
            let target: String
            switch sla.target {
            case .fixed(let duration): target = duration.description
            case .table(let by, let entries, let defaultResult):
                let parts = entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" } + (defaultResult.map { ["default: \($0)"] } ?? [])
                target = "by \(by.text): " + parts.joined(separator: ", ")
            case nil: target = "?"
            }
            let calendar: String
            switch sla.calendar {
            case .fixed(let index): calendar = compiled.calendars[index].id
            case .table(let by, let entries, _):
                calendar = "by \(by.text): " + Set(entries.values.map { compiled.calendars[$0].id }).sorted().joined(separator: ", ")
            }
            let stops = sla.stop?.compiled.paths.compactMap { reference -> String? in
                guard reference.pathNamespace == .stage, reference.property == StageProperty.done.rawValue else { return nil }
                return compiled.stages[Int(reference.index)].id
            } ?? []
            return Clock(id: sla.id, target: target, calendar: calendar, stoppedBy: stops)
        }
    }

    // MARK: Mermaid

    /// A Mermaid flowchart (renders on GitHub and in most Markdown viewers).
    public func mermaid() -> String {
        var out = "flowchart TD\n"
        for node in nodes {
            var lines = ["<b>\(node.id)</b>"]
            if let title = node.title { lines.append(title) }
            if let when = node.when { lines.append("when: \(when)") }
            var facts: [String] = []
            if let assignee = node.assignee { facts.append("👤 \(assignee)") }
            if let sla = node.sla { facts.append("⏱ \(sla)") }
            if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
            if let notify = node.notify { lines.append("✉ \(notify)") }
            if !node.outcomes.isEmpty { lines.append("outcomes: \(node.outcomes.joined(separator: ", "))") }
            let shape = node.when == nil ? ("[\"", "\"]") : ("{{\"", "\"}}")
            out += "  \(node.id)\(shape.0)\(lines.map(mermaidEscape).joined(separator: "<br/>"))\(shape.1)\n"
        }
        for edge in edges { out += "  \(edge.from) --> \(edge.to)\n" }
        for clock in clocks {
            let label = ["<b>SLA \(clock.id)</b>", clock.target, "calendar: \(clock.calendar)"].map(mermaidEscape).joined(separator: "<br/>")
            out += "  sla_\(clock.id)([\"\(label)\"])\n"
            for stage in clock.stoppedBy { out += "  \(stage) -. stops .-> sla_\(clock.id)\n" }
        }
        out += "  classDef clock fill:#fff4e0,stroke:#c77700\n"
        if !clocks.isEmpty { out += "  class \(clocks.map { "sla_\($0.id)" }.joined(separator: ",")) clock\n" }
        return out
    }

    private func mermaidEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "<" where !text.hasPrefix("<b>"): out += "#lt;"
            case ">" where !text.hasPrefix("<b>"): out += "#gt;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: DOT

    /// A Graphviz DOT graph (`dot -Tsvg`).
    public func dot() -> String {
        var out = "digraph \(quote(workflowID)) {\n"
        out += "  graph [rankdir=TB, fontname=\"Helvetica\", label=\(quote(title ?? workflowID)), labelloc=t];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for node in nodes {
            var rows = ["<B>\(htmlEscape(node.id))</B>"]
            if let title = node.title { rows.append(htmlEscape(title)) }
            if let when = node.when { rows.append("<I>when: \(htmlEscape(when))</I>") }
            if let assignee = node.assignee { rows.append("assign: \(htmlEscape(assignee))") }
            if let sla = node.sla { rows.append("sla: \(htmlEscape(sla))") }
            if let notify = node.notify { rows.append("notify: \(htmlEscape(notify))") }
            if !node.outcomes.isEmpty { rows.append("outcomes: \(htmlEscape(node.outcomes.joined(separator: ", ")))") }
            let style = node.when == nil ? "" : ", style=\"rounded,filled,dashed\""
            out += "  \(quote(node.id)) [label=<\(rows.joined(separator: "<BR/>"))>\(style)];\n"
        }
        for edge in edges { out += "  \(quote(edge.from)) -> \(quote(edge.to));\n" }
        for clock in clocks {
            let label = "<B>SLA \(htmlEscape(clock.id))</B><BR/>\(htmlEscape(clock.target))<BR/>calendar: \(htmlEscape(clock.calendar))"
            out += "  \(quote("sla_" + clock.id)) [label=<\(label)>, shape=note, fillcolor=\"#fff4e0\"];\n"
            for stage in clock.stoppedBy {
                out += "  \(quote(stage)) -> \(quote("sla_" + clock.id)) [style=dotted, label=\"stops\"];\n"
            }
        }
        out += "}\n"
        return out
    }

    private func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func htmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
