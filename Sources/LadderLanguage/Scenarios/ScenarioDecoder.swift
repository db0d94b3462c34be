import LadderDiagnostics
import LadderTime
import LadderYAML

/// Decodes a scenario file (recognised by its top-level `scenario:` key).
public enum ScenarioDecoder {
    static let topKeys = ["scenario", "description", "workflow", "start", "case", "away", "events", "until", "expect"]
    static let eventKinds = ["complete", "update", "assign", "reopen", "skip", "close", "away", "back"]
    static let expectationKinds = ["stage", "sla", "notified", "assigned", "level", "closed", "field"]

    /// Whether a parsed document is a scenario rather than a workflow.
    public static func isScenario(_ root: YAMLNode) -> Bool { root["scenario"] != nil }

    public static func decode(root: YAMLNode, source: SourceFile) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        var reader = NodeReader(source: source)
        let scenario = decode(root, reader: &reader)
        return (scenario, reader.bag.diagnostics)
    }

    static func decode(_ root: YAMLNode, reader: inout NodeReader) -> Scenario? {
        guard let keys = reader.mapping(root, in: "a scenario file", allowed: topKeys, required: ["scenario", "workflow", "start", "case"]) else { return nil }
        let name = keys["scenario"].flatMap { reader.identifier($0.value, kind: "scenario") }
        let workflowPath = keys["workflow"].flatMap { reader.locatedText($0.value, in: "`workflow` (the workflow file)") }
        let start = keys["start"].flatMap { instant($0.value, in: "`start`", reader: &reader) }
        var caseValues: [(Located<String>, YAMLNode)] = []
        if let caseNode = keys["case"]?.value {
            if let pairs = caseNode.pairs {
                for pair in pairs {
                    guard let field = reader.locatedText(pair.key, in: "a field name") else { continue }
                    caseValues.append((field, pair.value))
                }
            } else {
                reader.wrongType(caseNode, expected: "a mapping of fields to values", in: "`case`")
            }
        }
        let away = keys["away"].map { reader.identifierList($0.value, kind: "person", in: "`away`") } ?? []
        var events: [ScenarioEvent] = []
        if let eventsNode = keys["events"]?.value {
            for item in reader.list(eventsNode, in: "`events`") {
                if let event = event(item, reader: &reader) { events.append(event) }
            }
        }
        var until = Located(Scenario.Until.closed, span: root.span(in: reader.source))
        if let untilNode = keys["until"]?.value, let text = reader.locatedText(untilNode, in: "`until`") {
            if text.value == "closed" {
                until = Located(.closed, span: text.span)
            } else if case .success(let duration) = DurationValue.parse(text.value) {
                until = Located(.duration(duration), span: text.span)
            } else if case .success(let time) = Instant.parse(text.value) {
                until = Located(.time(time), span: text.span)
            } else {
                reader.bag.error("invalid-value", "`until` must be `closed`, a duration or a time, found \"\(text.value)\"", at: text.span,
                                 hint: "e.g. `until: closed`, `until: 3d` or `until: 2026-11-27T18:00:00+01:00`")
            }
        }
        var expectations: [Expectation] = []
        if let expectNode = keys["expect"]?.value {
            for item in reader.list(expectNode, in: "`expect`") {
                if let expectation = expectation(item, reader: &reader) { expectations.append(expectation) }
            }
        }
        guard let name, let workflowPath, let start else { return nil }
        return Scenario(source: reader.source, name: name, workflowPath: workflowPath, start: start, caseValues: caseValues,
                        away: away, events: events, until: until, expectations: expectations)
    }

    static func instant(_ node: YAMLNode, in context: String, reader: inout NodeReader) -> Located<Instant>? {
        guard let text = reader.locatedText(node, in: context) else { return nil }
        switch Instant.parse(text.value) {
        case .success(let instant): return Located(instant, span: text.span)
        case .failure(let error):
            reader.bag.error("invalid-value", "\(context): \(error.message)", at: text.span,
                             hint: error.hint ?? "write a time with its offset, e.g. 2026-11-20T17:30:00+01:00")
            return nil
        }
    }

    static func event(_ node: YAMLNode, reader: inout NodeReader) -> ScenarioEvent? {
        let allowed = eventKinds + ["after", "at", "outcome", "to"]
        guard let keys = reader.mapping(node, in: "an event", allowed: allowed) else { return nil }
        let kinds = eventKinds.filter { keys[$0] != nil }
        guard kinds.count == 1, let kindName = kinds.first else {
            reader.bag.error(kinds.isEmpty ? "missing-key" : "invalid-value",
                             kinds.isEmpty ? "an event needs one of: \(eventKinds.joined(separator: ", "))"
                                           : "an event does one thing, this one has \(kinds.joined(separator: " and "))",
                             at: reader.keySpan(of: node), hint: "write one event per list item, e.g. `{ after: 10m, complete: acknowledge }`")
            return nil
        }
        var timing = ScenarioEvent.Timing.after(.zero)
        if keys["after"] != nil, keys["at"] != nil {
            reader.bag.error("invalid-value", "an event has either `after` or `at`, not both", at: keys["at"]!.key.span(in: reader.source))
        }
        if let afterNode = keys["after"]?.value, let duration = reader.duration(afterNode, in: "`after`") {
            // Scenario time is wall-clock time: a day is 24 hours.
            timing = .after(DurationValue(seconds: duration.value.wallSeconds))
        }
        if let atNode = keys["at"]?.value, let at = instant(atNode, in: "`at`", reader: &reader) {
            timing = .at(at.value)
        }
        let value = keys[kindName]!.value
        let kind: ScenarioEvent.Kind
        switch kindName {
        case "complete":
            guard let stage = reader.identifier(value, kind: "stage") else { return nil }
            kind = .complete(stage: stage, outcome: keys["outcome"].flatMap { reader.identifier($0.value, kind: "outcome") })
        case "update":
            guard let pairs = value.pairs else {
                reader.wrongType(value, expected: "a mapping of fields to values", in: "`update`")
                return nil
            }
            kind = .update(pairs.compactMap { pair in reader.locatedText(pair.key, in: "a field name").map { ($0, pair.value) } })
        case "assign":
            guard let stage = reader.identifier(value, kind: "stage") else { return nil }
            guard let to = keys["to"].flatMap({ reader.identifier($0.value, kind: "person") }) else {
                reader.bag.error("missing-key", "`assign` needs `to: <person>`", at: node.span(in: reader.source))
                return nil
            }
            kind = .assign(stage: stage, to: to)
        case "reopen", "skip":
            guard let stage = reader.identifier(value, kind: "stage") else { return nil }
            kind = kindName == "reopen" ? .reopen(stage: stage) : .skip(stage: stage)
        case "close":
            guard reader.bool(value, in: "`close`") == true else { return nil }
            kind = .close
        case "away":
            guard let person = reader.identifier(value, kind: "person") else { return nil }
            kind = .away(person: person)
        default:
            guard let person = reader.identifier(value, kind: "person") else { return nil }
            kind = .back(person: person)
        }
        if keys["outcome"] != nil, kindName != "complete" {
            reader.bag.error("unknown-key", "`outcome` only goes with `complete`", at: keys["outcome"]!.key.span(in: reader.source))
        }
        if keys["to"] != nil, kindName != "assign" {
            reader.bag.error("unknown-key", "`to` only goes with `assign`", at: keys["to"]!.key.span(in: reader.source))
        }
        return ScenarioEvent(timing: timing, kind: kind, span: node.span(in: reader.source))
    }

    static func expectation(_ node: YAMLNode, reader: inout NodeReader) -> Expectation? {
        let allowed = expectationKinds + ["status", "state", "to", "count", "at", "value"]
        guard let keys = reader.mapping(node, in: "an expectation", allowed: allowed) else { return nil }
        let kinds = expectationKinds.filter { keys[$0] != nil }
        guard kinds.count == 1, let kindName = kinds.first else {
            reader.bag.error(kinds.isEmpty ? "missing-key" : "invalid-value",
                             kinds.isEmpty ? "an expectation needs one of: \(expectationKinds.joined(separator: ", "))"
                                           : "an expectation checks one thing, this one has \(kinds.joined(separator: " and "))",
                             at: reader.keySpan(of: node), hint: "e.g. `{ stage: postmortem, status: active }`")
            return nil
        }
        func required(_ key: String) -> YAMLNode? {
            guard let value = keys[key]?.value else {
                reader.bag.error("missing-key", "`\(kindName)` expectations need `\(key)`", at: node.span(in: reader.source))
                return nil
            }
            return value
        }
        let value = keys[kindName]!.value
        let kind: Expectation.Kind
        switch kindName {
        case "stage":
            guard let stage = reader.identifier(value, kind: "stage"), let statusNode = required("status"),
                  let status = reader.locatedText(statusNode, in: "`status`") else { return nil }
            kind = .stage(stage, status: status)
        case "sla":
            guard let sla = reader.identifier(value, kind: "SLA"), let stateNode = required("state"),
                  let state = reader.locatedText(stateNode, in: "`state`") else { return nil }
            kind = .sla(sla, state: state)
        case "notified":
            guard let template = reader.locatedText(value, in: "`notified` (a template, or level.<name> for the escalation notice)") else { return nil }
            let to = keys["to"].flatMap { reader.locatedText($0.value, in: "`to`") }
            var count: Int?
            if let countNode = keys["count"]?.value { count = reader.int(countNode, in: "`count`") }
            kind = .notified(template: template, to: to, count: count)
        case "assigned":
            guard let stage = reader.identifier(value, kind: "stage"), let toNode = required("to"),
                  let to = reader.identifier(toNode, kind: "person") else { return nil }
            kind = .assigned(stage: stage, to: to)
        case "level":
            guard let level = reader.identifier(value, kind: "level") else { return nil }
            kind = .level(level)
        case "closed":
            guard let closed = reader.bool(value, in: "`closed`") else { return nil }
            kind = .closed(closed)
        default:
            guard let field = reader.locatedText(value, in: "`field`"), let fieldValue = required("value") else { return nil }
            kind = .field(field, value: fieldValue)
        }
        for key in ["status", "state", "to", "count", "value"] where keys[key] != nil {
            let owners = ["status": ["stage"], "state": ["sla"], "to": ["notified", "assigned"], "count": ["notified"], "value": ["field"]]
            if !(owners[key]!.contains(kindName)) {
                reader.bag.error("unknown-key", "`\(key)` does not go with `\(kindName)`", at: keys[key]!.key.span(in: reader.source))
            }
        }
        var at: Located<Expectation.At>?
        if let atNode = keys["at"]?.value, let text = reader.locatedText(atNode, in: "`at`") {
            if text.value.hasPrefix("+"), case .success(let offset) = DurationValue.parse(String(text.value.dropFirst())) {
                at = Located(.offset(offset), span: text.span)
            } else if case .success(let time) = Instant.parse(text.value) {
                at = Located(.time(time), span: text.span)
            } else {
                reader.bag.error("invalid-value", "`at` must be a time or `+<duration>` from the start, found \"\(text.value)\"", at: text.span,
                                 hint: "e.g. `at: 2026-11-20T18:00:00+01:00` or `at: +30m`")
            }
        }
        return Expectation(kind: kind, at: at, span: node.span(in: reader.source))
    }
}
