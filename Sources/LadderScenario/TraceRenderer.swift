import Foundation
import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime

/// Turns a trace into text for people (`ladder trace`) or JSON lines for tools
/// (`ladder trace --format json`).
///
/// **Text.** A header naming the scenario, the workflow and the time zone, then one block per
/// step: `Fri 2026-11-20 17:40 +01:00  complete acknowledge` followed by its effects, indented:
/// stage changes, assignments with the candidates considered, routing, SLA start/pause/warning/
/// breach/met, messages with recipients and subject, level changes, field changes, and the reason
/// for each decision with every condition's sub-expression values. Times are shown in the
/// trace's zone (`Trace.timeZone`: the calendar of the first SLA on a business calendar, else UTC).
///
/// **JSON lines.** One object per step, keys in this order:
/// ```
/// {"step":1,"time":"2026-11-20T16:30:00Z","local":"2026-11-20T17:30:00+01:00",
///  "input":{"type":"open","case":"p1","fields":{"priority":"P1"}},
///  "rejected":null,"effects":[{"type":"stage","case":"p1","stage":"acknowledge","from":"pending","to":"active"}, ...]}
/// ```
/// - `input.type`: `open` (`case`, `fields`), `update` (`case`, `fields`), `complete` (`case`,
///   `stage`, `outcome`), `assign` (`case`, `stage`, `person`), `reopen`/`skip` (`case`, `stage`),
///   `close` (`case`), `away`/`back` (`person`), `timer` (`kind`: `team_availability`|`sla`|`every`,
///   `case`, `index`, `sequence`, `due`).
/// - `rejected`: null, or `{"code": "...", "message": "..."}`.
/// - `effects[].type`: `opened`, `closed` (`reason`), `reopened`, `field` (`field`, `from`, `to`),
///   `routed` (`rule`, `team`, `person`), `stage` (`stage`, `from`, `to`), `assigned` (`stage`,
///   `person`), `sla` (`sla`, `from`, `to`, `elapsed`), `sla_warning` (`sla`, `threshold`,
///   `elapsed`), `level` (`from`, `to`), `message` (`template`, `channel`, `source`, `recipients`:
///   [{`written`, `reached`, `note`}], `to`, `subject`, `body`), `event` (`event`), `timer_set` /
///   `timer_cancelled` (`kind`, `due`, `sequence`), `decision` (`kind`, `subject`, `outcome`,
///   `reason`, `conditions`: [{`label`, `expression`, `value`, `steps`: [{`text`, `value`}]}],
///   `candidates`: [{`person`, `verdict`, `load`}]).
///   Every effect about a case has `case`.
/// - After the steps, `ladder trace` prints one summary line, ``jsonSummary(_:verdict:)``:
///   `{"end": "...", "local": "...", "passed": true|false, "problems": [{"kind", "message", "time",
///   "line", "column"}], "expectations": [{"expect", "passed", "message"}]}`; `kind` is one of
///   `rejected_event`, `events_after_close`, `did_not_close`, `safety_cap`.
/// - Values: JSON null/bool/number/string/array; durations as text (`"1h30m"`, open time for SLA
///   values), times as RFC 3339 UTC text; `elapsed` as a number of seconds.
public enum TraceRenderer {
    /// Options of the text rendering.
    public struct TextOptions: Sendable {
        /// Show timers set and cancelled.
        public var timers: Bool
        /// Show the language events emitted (`stage.x.done`).
        public var events: Bool
        /// Show message bodies.
        public var bodies: Bool

        public init(timers: Bool = false, events: Bool = true, bodies: Bool = false) {
            self.timers = timers
            self.events = events
            self.bodies = bodies
        }
    }

    // MARK: Text

    public static func text(_ trace: Trace, options: TextOptions = TextOptions()) -> String {
        var out = "scenario \(trace.scenario) — workflow \(trace.workflow)\n"
        out += "times in \(trace.timeZoneSource)\n"
        for step in trace.steps {
            out += "\n" + step.time.compact(in: trace.timeZone) + "  " + describe(step.input, trace: trace) + "\n"
            if let rejection = step.rejection { out += "    REJECTED: \(rejection.message)\n" }
            for effect in step.effects {
                for line in lines(effect, trace: trace, options: options) { out += "    " + line + "\n" }
            }
        }
        if !trace.problems.isEmpty {
            out += "\n"
            for problem in trace.problems {
                out += "problem: \(problem.message)" + (problem.time.map { " (at \($0.compact(in: trace.timeZone)))" } ?? "") + "\n"
            }
        }
        out += "\nend \(trace.end.compact(in: trace.timeZone))\n"
        return out
    }

    static func describe(_ input: EngineEvent, trace: Trace) -> String {
        switch input {
        case .open(let id, let fields):
            return "open case \(id): " + fields.map { "\($0.field) = \($0.value)" }.joined(separator: ", ")
        case .update(_, let fields):
            return "update " + fields.map { "\($0.field) = \($0.value)" }.joined(separator: ", ")
        case .complete(_, let stage, let outcome):
            return "complete \(stage)" + (outcome.map { " with outcome \($0)" } ?? "")
        case .assign(_, let stage, let person): return "assign \(stage) to \(person)"
        case .reopen(_, let stage): return "reopen \(stage)"
        case .skip(_, let stage): return "skip \(stage)"
        case .close: return "close"
        case .away(let person): return "\(person) is away"
        case .back(let person): return "\(person) is back"
        case .timer(let timer): return "timer: " + timerName(timer, trace: trace)
        }
    }

    static func timerName(_ timer: LadderEngine.Timer, trace: Trace) -> String {
        let workflow = trace.engine.workflow
        switch timer.kind {
        case .teamAvailability:
            let team = Int(timer.index) < workflow.teams.count ? workflow.teams[Int(timer.index)].id : "?"
            return "team \(team)'s calendar opens"
        case .slaThreshold:
            let names = trace.engine.clockNames
            return "sla \(Int(timer.index) < names.count ? names[Int(timer.index)] : "?") threshold"
        case .periodic:
            let rules = trace.engine.periodicRules
            let name = Int(timer.index) < rules.count ? workflow.notifications[rules[Int(timer.index)]].name : "?"
            return "every: notification \(name)"
        }
    }

    static func lines(_ effect: Effect, trace: Trace, options: TextOptions) -> [String] {
        let zone = trace.timeZone
        let engine = trace.engine
        switch effect {
        case .caseOpened(let number): return ["case \(caseName(number, trace)) opened"]
        case .caseClosed(_, let reason): return ["case closed: \(reason)"]
        case .caseReopened: return ["case reopened"]
        case .fieldChanged(_, let field, let from, let to): return ["case.\(engine.fieldName(field)): \(from) → \(to)"]
        case .routed(_, let rule, let team, let person):
            let (rule, team, person) = (engine.routingRuleName(rule), engine.teamID(team), engine.personName(person))
            if let person { return ["routed to \(person)" + (team.map { " (team \($0)" + (rule.map { ", rule \($0)" } ?? "") + ")" } ?? "")] }
            if let team { return ["routed to team \(team): nobody available, waiting in its queue"] }
            return ["unrouted: no routing rule matched"]
        case .stageChanged(_, let stage, let from, let to): return ["stage \(engine.stageID(stage)): \(from.rawValue) → \(to.rawValue)"]
        case .assigned(_, let stage, let person): return ["assigned \(engine.stageID(stage)) → \(engine.personName(person) ?? "nobody")"]
        case .slaChanged(_, let sla, let from, let to, let elapsed):
            return ["sla \(engine.clockName(sla)): \(from.rawValue) → \(to.rawValue) (\(DurationValue.format(seconds: elapsed)) counted)"]
        case .slaWarning(_, let sla, let threshold, let elapsed):
            return ["sla \(engine.clockName(sla)): warning at \(engine.warningLabel(clock: sla, warning: threshold)) (\(DurationValue.format(seconds: elapsed)) counted)"]
        case .levelChanged(_, let from, let to): return ["level \(engine.levelName(index: from) ?? "none") → \(engine.levelName(index: to) ?? "none")"]
        case .message(let message):
            let recipients = message.recipients.map { recipient -> String in
                if recipient.reached.isEmpty { return "\(recipient.written) → nobody (\(recipient.note ?? "?"))" }
                if recipient.reached == [recipient.written] { return recipient.written }
                return "\(recipient.written) → \(recipient.reached.joined(separator: ", "))"
            }.joined(separator: "; ")
            var result = ["message \(message.template) [\(message.channel.rawValue)] from \(message.source) to \(recipients): \"\(message.subject)\""]
            if options.bodies {
                result += message.body.split(separator: "\n", omittingEmptySubsequences: false).map { "  | " + $0 }
            }
            return result
        case .emitted(_, let event): return options.events ? ["event \(engine.eventName(event))"] : []
        case .timerSet(let timer):
            return options.timers ? ["timer set: \(timerName(timer, trace: trace)) at \(timer.due.compact(in: zone)) (#\(timer.sequence))"] : []
        case .timerCancelled(let timer):
            return options.timers ? ["timer cancelled: \(timerName(timer, trace: trace)) (#\(timer.sequence))"] : []
        case .decision(let decision):
            var result = ["why: \(decision.subject): \(decision.outcome) — \(decision.reason)"]
            for condition in decision.conditions {
                result.append("    \(condition.label): \(condition.expression) → \(condition.value)")
                for step in condition.steps where step.text != condition.expression {
                    result.append("        \(step.text) = \(step.value)")
                }
            }
            if !decision.candidates.isEmpty {
                result.append("    candidates: " + decision.candidates.map(\.description).joined(separator: ", "))
            }
            return result
        }
    }

    // MARK: JSON lines

    /// One JSON object per step, each on its own line (schema in the type's documentation).
    public static func jsonLines(_ trace: Trace) -> String {
        var out = ""
        for step in trace.steps {
            var object = JSON.Object()
            object["step"] = .int(Int64(step.index))
            object["time"] = .string(step.time.iso8601())
            object["local"] = .string(step.time.iso8601(in: trace.timeZone))
            object["input"] = .object(input(step.input, trace: trace))
            if let rejection = step.rejection {
                var rejected = JSON.Object()
                rejected["code"] = .string(rejection.code.rawValue)
                rejected["message"] = .string(rejection.message)
                object["rejected"] = .object(rejected)
            } else {
                object["rejected"] = .null
            }
            object["effects"] = .array(step.effects.map { .object(json($0, trace: trace)) })
            JSON.object(object).write(to: &out)
            out += "\n"
        }
        return out
    }

    /// The line after the steps: when the run ended, the problems that failed it, and each
    /// expectation's result (schema in the type's documentation).
    public static func jsonSummary(_ trace: Trace, verdict: ScenarioVerdict) -> String {
        var object = JSON.Object()
        object["end"] = .string(trace.end.iso8601())
        object["local"] = .string(trace.end.iso8601(in: trace.timeZone))
        object["passed"] = .bool(verdict.passed)
        object["problems"] = .array(trace.problems.map { problem in
            var item = JSON.Object()
            item["kind"] = .string(problem.kind.rawValue)
            item["message"] = .string(problem.message)
            item["time"] = problem.time.map { .string($0.iso8601()) } ?? .null
            item["line"] = problem.span.map { .int(Int64($0.start.line)) } ?? .null
            item["column"] = problem.span.map { .int(Int64($0.start.column)) } ?? .null
            return .object(item)
        })
        object["expectations"] = .array(verdict.results.map { result in
            var item = JSON.Object()
            item["expect"] = .string(result.check.summary)
            item["passed"] = .bool(result.passed)
            item["message"] = result.passed ? .null : .string(result.message)
            return .object(item)
        })
        var out = ""
        JSON.object(object).write(to: &out)
        return out + "\n"
    }

    static func input(_ event: EngineEvent, trace: Trace) -> JSON.Object {
        var object = JSON.Object()
        func fields(_ values: [FieldValue]) -> JSON {
            var fields = JSON.Object()
            for value in values { fields[value.field] = JSON(value.value) }
            return .object(fields)
        }
        switch event {
        case .open(let id, let values):
            object["type"] = .string("open"); object["case"] = .string(id); object["fields"] = fields(values)
        case .update(let id, let values):
            object["type"] = .string("update"); object["case"] = .string(id); object["fields"] = fields(values)
        case .complete(let id, let stage, let outcome):
            object["type"] = .string("complete"); object["case"] = .string(id); object["stage"] = .string(stage)
            object["outcome"] = outcome.map(JSON.string) ?? .null
        case .assign(let id, let stage, let person):
            object["type"] = .string("assign"); object["case"] = .string(id); object["stage"] = .string(stage); object["person"] = .string(person)
        case .reopen(let id, let stage):
            object["type"] = .string("reopen"); object["case"] = .string(id); object["stage"] = .string(stage)
        case .skip(let id, let stage):
            object["type"] = .string("skip"); object["case"] = .string(id); object["stage"] = .string(stage)
        case .close(let id):
            object["type"] = .string("close"); object["case"] = .string(id)
        case .away(let person):
            object["type"] = .string("away"); object["person"] = .string(person)
        case .back(let person):
            object["type"] = .string("back"); object["person"] = .string(person)
        case .timer(let timer):
            object["type"] = .string("timer"); object["kind"] = .string(timer.kind.name)
            object["case"] = trace.finalState.caseID(ofNumber: timer.caseNumber).map(JSON.string) ?? .null
            object["index"] = .int(Int64(timer.index)); object["sequence"] = .int(Int64(timer.sequence))
            object["due"] = .string(timer.due.iso8601())
            object["name"] = .string(timerName(timer, trace: trace))
        }
        return object
    }

    /// The id of a case by number (cases keep their numbers: the final state names every one).
    static func caseName(_ number: Int32, _ trace: Trace) -> String {
        trace.finalState.caseID(ofNumber: number) ?? "#\(number)"
    }

    static func json(_ effect: Effect, trace: Trace) -> JSON.Object {
        var o = JSON.Object()
        func type(_ name: String) { o["type"] = .string(name) }
        func set(_ key: String, _ value: String?) { o[key] = value.map(JSON.string) ?? .null }
        let engine = trace.engine
        func id(_ number: Int32) -> String { caseName(number, trace) }
        switch effect {
        case .caseOpened(let number): type("opened"); set("case", id(number))
        case .caseClosed(let number, let reason): type("closed"); set("case", id(number)); set("reason", reason)
        case .caseReopened(let number): type("reopened"); set("case", id(number))
        case .fieldChanged(let number, let field, let from, let to):
            type("field"); set("case", id(number)); set("field", engine.fieldName(field)); o["from"] = JSON(from); o["to"] = JSON(to)
        case .routed(let number, let rule, let team, let person):
            type("routed"); set("case", id(number)); set("rule", engine.routingRuleName(rule)); set("team", engine.teamID(team))
            set("person", engine.personName(person))
        case .stageChanged(let number, let stage, let from, let to):
            type("stage"); set("case", id(number)); set("stage", engine.stageID(stage)); set("from", from.rawValue); set("to", to.rawValue)
        case .assigned(let number, let stage, let person):
            type("assigned"); set("case", id(number)); set("stage", engine.stageID(stage)); set("person", engine.personName(person))
        case .slaChanged(let number, let sla, let from, let to, let elapsed):
            type("sla"); set("case", id(number)); set("sla", engine.clockName(sla)); set("from", from.rawValue); set("to", to.rawValue); o["elapsed"] = .int(elapsed)
        case .slaWarning(let number, let sla, let threshold, let elapsed):
            type("sla_warning"); set("case", id(number)); set("sla", engine.clockName(sla))
            set("threshold", engine.warningLabel(clock: sla, warning: threshold)); o["elapsed"] = .int(elapsed)
        case .levelChanged(let number, let from, let to):
            type("level"); set("case", id(number)); set("from", engine.levelName(index: from)); set("to", engine.levelName(index: to))
        case .message(let message):
            type("message"); set("case", message.caseID); set("template", message.template); set("channel", message.channel.rawValue)
            set("source", message.source)
            o["recipients"] = .array(message.recipients.map { recipient in
                var r = JSON.Object()
                r["written"] = .string(recipient.written)
                r["reached"] = .array(recipient.reached.map(JSON.string))
                r["note"] = recipient.note.map(JSON.string) ?? .null
                return .object(r)
            })
            o["to"] = .array(message.to.map(JSON.string))
            set("subject", message.subject); set("body", message.body)
        case .emitted(let number, let event): type("event"); set("case", id(number)); set("event", engine.eventName(event))
        case .timerSet(let timer):
            type("timer_set"); set("kind", timer.kind.name); set("due", timer.due.iso8601()); o["sequence"] = .int(Int64(timer.sequence))
            set("name", timerName(timer, trace: trace))
        case .timerCancelled(let timer):
            type("timer_cancelled"); set("kind", timer.kind.name); set("due", timer.due.iso8601()); o["sequence"] = .int(Int64(timer.sequence))
            set("name", timerName(timer, trace: trace))
        case .decision(let decision):
            type("decision"); set("case", decision.caseID); set("kind", decision.kind.rawValue); set("subject", decision.subject)
            set("outcome", decision.outcome); set("reason", decision.reason)
            o["conditions"] = .array(decision.conditions.map { condition in
                var c = JSON.Object()
                c["label"] = .string(condition.label)
                c["expression"] = .string(condition.expression)
                c["value"] = JSON(condition.value)
                c["steps"] = .array(condition.steps.map { step in
                    var s = JSON.Object()
                    s["text"] = .string(step.text)
                    s["value"] = JSON(step.value)
                    return .object(s)
                })
                return .object(c)
            })
            o["candidates"] = .array(decision.candidates.map { candidate in
                var c = JSON.Object()
                c["person"] = .string(candidate.person)
                c["verdict"] = .string(candidate.verdict.rawValue)
                c["load"] = candidate.load.map { .int(Int64($0)) } ?? .null
                return .object(c)
            })
        }
        return o
    }
}

/// A minimal JSON value with keys kept in insertion order, so output is deterministic.
enum JSON: Sendable {
    struct Object: Sendable {
        var pairs: [(String, JSON)] = []

        subscript(key: String) -> JSON? {
            get { pairs.first { $0.0 == key }?.1 }
            set {
                guard let newValue else { pairs.removeAll { $0.0 == key }; return }
                if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = newValue } else { pairs.append((key, newValue)) }
            }
        }
    }

    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(Object)

    /// Expression values: durations as text (`1h30m`), times as RFC 3339 UTC text.
    init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .number(let number): self = number.isFinite ? .double(number) : .null
        case .string(let text): self = .string(text)
        case .duration(let seconds): self = .string(DurationValue.format(seconds: seconds))
        case .time(let seconds): self = .string(Instant(seconds: seconds).iso8601())
        case .list(let items): self = .array(items.map(JSON.init))
        }
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number):
            out += number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): JSON.quote(text, into: &out)
        case .array(let items):
            out += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (offset, (key, value)) in object.pairs.enumerated() {
                if offset > 0 { out += "," }
                JSON.quote(key, into: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
