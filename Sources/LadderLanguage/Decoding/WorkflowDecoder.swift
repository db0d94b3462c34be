import LadderDiagnostics
import LadderExpressions
import LadderTime
import LadderYAML

/// Decodes a workflow file into the typed `Workflow` model, reporting every structural problem
/// (unknown or missing keys, wrong value types, invalid names and values) in one pass.
public enum WorkflowDecoder {
    /// Parses and decodes `source`.
    public static func decode(_ source: SourceFile) -> (workflow: Workflow, diagnostics: [Diagnostic]) {
        var (root, yamlDiagnostics, stages) = parse(source)
        var decoder = SectionDecoder(source: source)
        decoder.reader.bag.append(contentsOf: yamlDiagnostics)
        if root != nil, !yamlDiagnostics.contains(where: { $0.id == "yaml-syntax" || $0.id == "alias-limit" }) {
            decoder.decodeRoot(root.take()!, stages: stages)
        }
        return (decoder.workflow, decoder.reader.bag.diagnostics)
    }

    /// Parses a workflow file. A large file's stages are decoded while the file is read, each
    /// stage's nodes freed once it is decoded, so that the whole tree never exists at once:
    /// `stages` then holds them, and the tree an empty mapping in place of each stage. Hand
    /// both to ``decode(root:stages:source:)``.
    public static func parse(
        _ source: SourceFile, parallelism: YAMLParser.Parallelism = .automatic
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic], stages: DecodedStages?) {
        let (root, diagnostics, sinks) = YAMLParser.parse(source, parallelism: parallelism, streaming: "stages") { StageSink(source: source) }
        return (root, diagnostics, sinks.map(DecodedStages.init))
    }

    /// Decodes an already parsed document. Given the only reference to the tree, the decoder
    /// frees each stage's nodes as soon as the stage is decoded, so the tree and the model are
    /// not both whole in memory at once.
    public static func decode(root: consuming YAMLNode, source: SourceFile) -> (workflow: Workflow, diagnostics: [Diagnostic]) {
        decode(root: root, stages: nil, source: source)
    }

    /// Decodes a document read by ``parse(_:parallelism:)``, with the stages decoded while it was read.
    public static func decode(root: consuming YAMLNode, stages: DecodedStages?, source: SourceFile) -> (workflow: Workflow, diagnostics: [Diagnostic]) {
        var decoder = SectionDecoder(source: source)
        decoder.decodeRoot(consume root, stages: stages)
        return (decoder.workflow, decoder.reader.bag.diagnostics)
    }
}

struct SectionDecoder: Sendable {
    var reader: NodeReader
    var workflow: Workflow

    init(source: SourceFile) {
        reader = NodeReader(source: source)
        workflow = Workflow(source: source)
    }

    mutating func decodeRoot(_ root: consuming YAMLNode, stages decoded: DecodedStages? = nil) {
        // The stages are most of a workflow: their subtree is moved out of the tree, so that
        // `decodeStages` holds the only reference to it and can free it stage by stage.
        var root = consume root
        var stages = root.takeValue(forKey: "stages")
        guard let top = reader.mapping(root, in: "a workflow file", allowed: Keys.topLevel) else { return }
        for key in ["ladder", "workflow", "stages"] where !top.contains(key) {
            reader.bag.error("missing-key", "a workflow file is missing the required key `\(key)`", at: reader.keySpan(of: root),
                             hint: key == "ladder" ? "add `ladder: 1` (the language version) at the top"
                                : key == "workflow" ? "add `workflow: <id>` naming the workflow" : "add `stages:` with at least one stage")
        }
        workflow.sectionSpans.reserveCapacity(top.count)  // one table, not a grown one
        for (key, pair) in top { workflow.sectionSpans[key] = pair.key.span(in: reader.source) }
        if let node = top.value("ladder"), let version = reader.int(node, in: "`ladder` (the language version)") {
            workflow.version = Located(version, span: node.span(in: reader.source))
            if version != 1 {
                reader.bag.error("unsupported-version", "Ladder language version \(version) is not supported", at: node.span(in: reader.source),
                                 hint: "this Ladder understands version 1: write `ladder: 1`")
            }
        }
        if let node = top.value("workflow") { workflow.id = reader.identifier(node, kind: "workflow") }
        if let node = top.value("title") { workflow.title = reader.text(node, in: "`title`") }
        if let node = top.value("description") { workflow.description = reader.text(node, in: "`description`") }
        if let node = top.value("fields") { decodeFields(node) }
        if let node = top.value("calendars") { decodeCalendars(node) }
        if let node = top.value("teams") { decodeTeams(node) }
        if let node = top.value("roles") { decodeRoles(node) }
        if let node = top.value("levels") { decodeLevels(node) }
        if let node = top.value("routing") { decodeRouting(node) }
        if let decoded {
            decoded.move(into: &workflow.stages, diagnostics: &reader.bag)
        } else if let node = stages.take() {
            decodeStages(node)
        }
        if let node = top.value("slas") { decodeSLAs(node) }
        if let node = top.value("notifications") { decodeNotifications(node) }
        if let node = top.value("rules") { decodeRules(node) }
        if let node = top.value("templates") { decodeTemplates(node) }
    }

    /// The pairs of a section that maps ids to definitions (`teams`, `slas`, ...).
    mutating func definitions(_ node: YAMLNode, section: String, kind: String) -> [(Located<String>, YAMLNode)] {
        let (ids, bodies) = takeDefinitions(node, section: section, kind: kind)
        return ids.indices.map { (ids[$0], bodies.take($0)) }
    }

    // MARK: Fields

    mutating func decodeFields(_ node: YAMLNode) {
        guard !node.isNull else { return }
        guard let pairs = node.pairs else {
            reader.wrongType(node, expected: "a mapping of field names to types", in: "`fields`")
            return
        }
        var seen: [String: SourceSpan] = [:]
        seen.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let name = reader.locatedText(pair.key, in: "a field name") else { continue }
            // A valid identifier is a valid one-part name: the split is needed only otherwise.
            let segments = Identifier.isValid(name.value) ? []
                : name.value.split(separator: ".", omittingEmptySubsequences: false)
            var valid = true
            for segment in segments where !Identifier.isValid(String(segment)) {
                valid = false
            }
            if !valid {
                let fixed = segments.map { Suggestions.identifier(from: String($0)) }.joined(separator: ".")
                reader.bag.error("invalid-identifier", "\"\(name.value)\" is not a valid field name", at: name.span,
                                 notes: [Diagnostic.Note("each dot-separated part starts with a lowercase letter and uses only a-z, 0-9 and _")],
                                 hint: "rename it to `\(fixed)`", fixIt: Diagnostic.FixIt(span: name.span, replacement: fixed))
            }
            if BuiltinFields.names.contains(name.value) {
                reader.bag.error("invalid-identifier", "`case.\(name.value)` is built in and cannot be declared", at: name.span,
                                 hint: "choose another name")
                continue
            }
            let dotted = name.value + "."  // made once, not once per field seen
            if let previous = seen.first(where: { $0.key.hasPrefix(dotted) || name.value.hasPrefix($0.key + ".") }) {
                reader.bag.error("invalid-value", "field `\(name.value)` clashes with field `\(previous.key)`: one cannot be both a value and an object", at: name.span,
                                 notes: [Diagnostic.Note("`\(previous.key)` is declared here", span: previous.value)])
                continue
            }
            seen[name.value] = name.span
            if let field = decodeField(name: name, node: pair.value) { workflow.fields.append(field) }
        }
    }

    mutating func decodeField(name: Located<String>, node: YAMLNode) -> Field? {
        var context: String { "field `\(name.value)`" }  // for messages only: built when one is needed
        if node.scalar != nil {
            guard let type = scalarType(node, in: context) else { return nil }
            return Field(name: name, type: type, required: false, defaultValue: nil, span: node.span(in: reader.source))
        }
        guard let keys = reader.mapping(node, in: context, allowed: Keys.field) else { return nil }
        // Each kind key looked up once; the list of kinds present is made only to report a problem.
        let typeNode = keys.value("type")
        let enumNode = keys.value("enum")
        let listNode = keys.value("list")
        let present = (typeNode == nil ? 0 : 1) + (enumNode == nil ? 0 : 1) + (listNode == nil ? 0 : 1)
        guard present == 1 else {
            let kinds = ["type", "enum", "list"].filter { keys.contains($0) }
            if kinds.isEmpty {
                reader.bag.error("missing-key", "\(context) needs one of `type`, `enum` or `list`", at: reader.keySpan(of: node),
                                 hint: "e.g. `{ type: string }` or `{ enum: [a, b] }`")
            } else {
                reader.bag.error("invalid-value", "\(context) has both `\(kinds[0])` and `\(kinds[1])`", at: keys[kinds[1]]!.key.span(in: reader.source),
                                 hint: "keep only one of `type`, `enum` and `list`")
            }
            return nil
        }
        let type: FieldType?
        if let typeNode {
            type = scalarType(typeNode, in: context)
        } else if let enumNode {
            type = enumType(enumNode, in: context)
        } else {
            type = listElementType(listNode!, in: context).map { .list($0) }
        }
        guard let type else { return nil }
        let required = keys.value("required").flatMap { reader.bool($0, in: "`required`") } ?? false
        var defaultValue: Located<Value>?
        if let defaultNode = keys.value("default") {
            switch ValueReader.read(defaultNode, as: type, source: reader.source) {
            case .success(let value): defaultValue = Located(value, span: defaultNode.span(in: reader.source))
            case .failure(let problem): reader.bag.append(problem.diagnostic(context: "the default of \(context)"))
            }
            if required {
                reader.bag.warning("invalid-value", "\(context) is required, so its default is never used", at: keys["default"]!.key.span(in: reader.source),
                                   hint: "remove `default` or `required: true`")
            }
        }
        return Field(name: name, type: type, required: required, defaultValue: defaultValue, span: node.span(in: reader.source))
    }

    mutating func scalarType(_ node: YAMLNode, in context: @autoclosure () -> String) -> FieldType? {
        guard let name = reader.text(node, in: "the type of \(context())") else { return nil }
        if let type = FieldType.scalarNames[name] { return type }
        let suggestion = Suggestions.closest(to: name, in: FieldType.scalarNames.keys.sorted())
        reader.bag.error("invalid-value", "unknown type `\(name)` for \(context())", at: node.span(in: reader.source),
                         notes: [Diagnostic.Note("types are string, int, number, bool, duration, time; or { enum: [...] } and { list: ... }")],
                         hint: suggestion.map { "did you mean `\($0)`?" })
        return nil
    }

    mutating func enumType(_ node: YAMLNode, in context: @autoclosure () -> String) -> FieldType? {
        var values: [String] = []
        for item in reader.list(node, in: "the `enum` of \(context())") {
            guard let value = reader.locatedText(item, in: "an enum value") else { continue }
            if values.contains(value.value) {
                reader.bag.error("invalid-value", "enum value \"\(value.value)\" is listed twice in \(context())", at: value.span)
                continue
            }
            values.append(value.value)
        }
        guard !values.isEmpty else {
            reader.bag.error("invalid-value", "the `enum` of \(context()) has no values", at: node.span(in: reader.source), hint: "list the values, e.g. [low, high]")
            return nil
        }
        return .enumeration(values)
    }

    mutating func listElementType(_ node: YAMLNode, in context: @autoclosure () -> String) -> FieldType? {
        if node.scalar != nil { return scalarType(node, in: context()) }
        guard let keys = reader.mapping(node, in: "the `list` of \(context())", allowed: ["type", "enum"]) else { return nil }
        if let typeNode = keys.value("type") { return scalarType(typeNode, in: context()) }
        if let enumNode = keys.value("enum") { return enumType(enumNode, in: context()) }
        reader.bag.error("missing-key", "the `list` of \(context()) needs `type` or `enum`", at: node.span(in: reader.source))
        return nil
    }

    // MARK: Calendars, teams, roles, levels

    mutating func decodeCalendars(_ node: YAMLNode) {
        for (id, body) in definitions(node, section: "calendars", kind: "calendar") {
            if id.value == "always" {
                reader.bag.error("invalid-identifier", "the calendar `always` is built in (24x7) and cannot be redefined", at: id.span,
                                 hint: "choose another name")
                continue
            }
            if let definition = CalendarDecoder.decode(id: id, node: body, reader: &reader) {
                workflow.calendars.append(definition)
            }
        }
    }

    mutating func decodeTeams(_ node: YAMLNode) {
        for (id, body) in definitions(node, section: "teams", kind: "team") {
            var context: String { "team `\(id.value)`" }  // for messages only: built when one is needed
            // A team without `members` is still defined, so references to it do not cascade.
            guard let keys = reader.mapping(body, in: context, allowed: Keys.team) else { continue }
            if !keys.contains("members") {
                reader.bag.error("missing-key", "\(context) is missing the required key `members`", at: reader.keySpan(of: body),
                                 hint: "add `members: [<person>, …]`")
            }
            let members = keys.value("members").map { reader.identifierList($0, kind: "person", in: "the members of \(context)") } ?? []
            if let membersNode = keys.value("members"), members.isEmpty {
                reader.bag.warning("invalid-value", "\(context) has no members, so nothing routed to it is ever assigned", at: membersNode.span(in: reader.source))
            }
            let calendar = keys.value("calendar").flatMap { reader.identifier($0, kind: "calendar") }
            workflow.teams.append(Team(id: id, members: members, calendar: calendar))
        }
    }

    mutating func decodeRoles(_ node: YAMLNode) {
        for (id, body) in definitions(node, section: "roles", kind: "role") {
            if body.scalar != nil {
                if let person = reader.identifier(body, kind: "person") {
                    workflow.roles.append(Role(id: id, holder: .fixed(person)))
                }
            } else if let table = byTable(body, in: "role `\(id.value)`", result: { reader, node in reader.identifier(node, kind: "person") }) {
                workflow.roles.append(Role(id: id, holder: .table(table)))
            }
        }
    }

    mutating func decodeLevels(_ node: YAMLNode) {
        for item in reader.list(node, in: "`levels`") {
            guard let keys = reader.mapping(item, in: "a level", allowed: Keys.level, required: ["name", "owner"]),
                  let name = reader.identifier(keys.value("name")!, kind: "level"),
                  let ownerText = reader.locatedText(keys.value("owner")!, in: "the owner of level `\(name.value)`") else { continue }
            guard let owner = ReferenceSyntax.levelOwner(ownerText.value) else {
                reader.bag.error("invalid-value", "unknown owner `\(ownerText.value)` for level `\(name.value)`", at: ownerText.span,
                                 hint: "write `routing`, `team.<id>` or `role.<id>`")
                continue
            }
            workflow.levels.append(Level(name: name, owner: Located(owner, span: ownerText.span)))
        }
    }

    // MARK: Routing and stages

    mutating func decodeRouting(_ node: YAMLNode) {
        for item in reader.list(node, in: "`routing`") {
            guard let keys = reader.mapping(item, in: "a routing rule", allowed: Keys.routingRule, required: ["name", "to"]),
                  let name = reader.identifier(keys.value("name")!, kind: "routing rule") else { continue }
            var context: String { "routing rule `\(name.value)`" }  // for messages only: built when one is needed
            let when = keys.value("when").flatMap { reader.expression($0, in: "the `when` of \(context)") }
            guard let toText = reader.locatedText(keys.value("to")!, in: "the `to` of \(context)") else { continue }
            guard let team = ReferenceSyntax.suffix(toText.value, after: "team") else {
                reader.bag.error("invalid-value", "routing sends cases to a team: `to` must be `team.<id>`, found `\(toText.value)`", at: toText.span,
                                 hint: "write `to: team.\(toText.value)`")
                continue
            }
            var pick = Located(PickStrategy.roundRobin, span: item.span(in: reader.source))
            if let pickNode = keys.value("pick"), let text = reader.locatedText(pickNode, in: "`pick`") {
                if let strategy = PickStrategy(rawValue: text.value) {
                    pick = Located(strategy, span: text.span)
                } else {
                    let names = PickStrategy.allCases.map(\.rawValue)
                    reader.bag.error("invalid-value", "unknown pick strategy `\(text.value)`", at: text.span,
                                     notes: [Diagnostic.Note("strategies: \(names.joined(separator: ", "))")],
                                     hint: Suggestions.closest(to: text.value, in: names).map { "did you mean `\($0)`?" })
                }
            }
            workflow.routing.append(RoutingRule(name: name, when: when, team: Located(team, span: toText.span), pick: pick, span: item.span(in: reader.source)))
        }
    }

    /// From this many stages on, the stages are decoded in two halves on two threads.
    static let parallelStageThreshold = 512

    /// The ids and bodies of a section that maps ids to definitions, the bodies moved out of
    /// `node` so that, when it held the only reference, each is freed once taken and read.
    mutating func takeDefinitions(_ node: consuming YAMLNode, section: String, kind: String) -> (ids: [Located<String>], bodies: TakeOnceNodes) {
        var node = consume node
        if node.isNull { return ([], TakeOnceNodes()) }
        guard let pairs = node.takePairs() else {
            reader.wrongType(node, expected: "a mapping of \(kind) names to definitions", in: "`\(section)`")
            return ([], TakeOnceNodes())
        }
        var ids: [Located<String>] = []
        ids.reserveCapacity(pairs.count)
        let bodies = TakeOnceNodes(capacity: pairs.count)
        for index in pairs.indices {
            guard let id = reader.identifier(pairs[index].key, kind: kind) else { continue }
            ids.append(id)
            bodies.append(pairs[index].value)
        }
        return (ids, bodies)  // `pairs` goes here: the bodies hold the only references left
    }

    mutating func decodeStages(_ node: consuming YAMLNode) {
        let (ids, bodies) = takeDefinitions(consume node, section: "stages", kind: "stage")
        guard ids.count >= SectionDecoder.parallelStageThreshold else {
            // The needs of all stages go to one table, shared by the stages once they are decoded.
            var needs = NeedTable.Builder(source: reader.source)
            workflow.stages.reserveCapacity(ids.count)
            for index in ids.indices {
                let body = bodies.take(index)  // freed after this stage, when it was the tree's only reference
                workflow.stages.append(decodeStage(id: ids[index], body: body, needs: &needs))
            }
            let table = needs.build()
            for index in workflow.stages.indices { workflow.stages[index].needEntries.share(table) }
            return
        }
        // Each stage decodes on its own: two halves at once, each written in place in file order,
        // each half with its own table of needs.
        let decoder = self
        let (stages, (first, second)) = buildInTwoHalves(count: ids.count) { range, slots in
            var copy = decoder
            copy.reader.bag = DiagnosticBag()
            var needs = NeedTable.Builder(source: copy.reader.source)
            for index in range {
                let body = bodies.take(index)
                slots.initialize(index, to: copy.decodeStage(id: ids[index], body: body, needs: &needs))
            }
            let table = needs.build()
            for index in range { slots.update(index) { $0.needEntries.share(table) } }
            return copy.reader.bag.diagnostics
        }
        workflow.stages = stages
        reader.bag.append(contentsOf: first)
        reader.bag.append(contentsOf: second)
    }

    /// A stage's keys, in the order `decodeStage` numbers them.
    static let stageValueKeys = ["title", "description", "needs", "when", "assign", "sla", "outcomes", "notify"]

    /// Decodes a stage; its needs are appended to `needs`, the table the stage's entries will be
    /// read from once `NeedEntries.share` gives it to them.
    mutating func decodeStage(id: Located<String>, body: YAMLNode, needs: inout NeedTable.Builder) -> Stage {
        var context: String { "stage `\(id.value)`" }  // for messages only: built when one is needed
        let keys = body.isNull ? KeyedPairs() : (reader.mapping(body, in: context, allowed: Keys.stage) ?? KeyedPairs())
        // The stage's values in one pass over its pairs (then read in the order below).
        var titleNode, descriptionNode, needsNode, whenNode, assignNode, slaNode, outcomesNode, notifyNode: YAMLNode?
        keys.forEachValue(named: SectionDecoder.stageValueKeys) { index, value in
            switch index {
            case 0: titleNode = value
            case 1: descriptionNode = value
            case 2: needsNode = value
            case 3: whenNode = value
            case 4: assignNode = value
            case 5: slaNode = value
            case 6: outcomesNode = value
            default: notifyNode = value
            }
        }
        let firstNeed = needs.count
        if let node = needsNode {
            reader.identifierList(node, kind: "stage", in: "the `needs` of \(context)", allowSingle: true, appendingTo: &needs.read)
            needs.appendRead()
        }
        let needEntries = NeedEntries(pending: firstNeed..<needs.count)
        let when = whenNode.flatMap { reader.expression($0, in: "the `when` of \(context)") }
        var assign: Located<AssignTarget>?
        if let node = assignNode, let text = reader.locatedText(node, in: "the `assign` of \(context)") {
            if let target = ReferenceSyntax.assignTarget(text.value, allowPerson: false) {
                assign = Located(target, span: text.span)
            } else {
                reader.bag.error("invalid-value", "unknown assignee `\(text.value)` for \(context)", at: text.span,
                                 hint: "write `routing`, `team.<id>`, `role.<id>` or `stage.<id>.assignee`")
            }
        }
        var sla: Stage.StageSLA?
        if let node = slaNode {
            if node.scalar != nil {
                if let target = reader.duration(node, in: "the `sla` of \(context)") { sla = Stage.StageSLA(target: target, calendar: nil) }
            } else if let slaKeys = reader.mapping(node, in: "the `sla` of \(context)", allowed: Keys.stageSLA, required: ["target"]),
                      let target = reader.duration(slaKeys.value("target")!, in: "the `sla` target of \(context)") {
                sla = Stage.StageSLA(target: target, calendar: slaKeys.value("calendar").flatMap { reader.identifier($0, kind: "calendar") })
            }
        }
        let outcomes = outcomesNode.map { reader.identifierList($0, kind: "outcome", in: "the `outcomes` of \(context)") } ?? []
        let notify = notifyNode.flatMap { notifySpec($0, in: "the `notify` of \(context)") }
        var title = SourceText(nil)
        if let node = titleNode, let text = reader.text(node, in: "`title`") {
            // The node's offsets as its span would clamp them, without looking lines up twice.
            let count = reader.source.bytes.count
            let offsets = node.offsets
            title = SourceText(text, in: reader.source.bytes, at: max(0, min(offsets.lowerBound, count))..<max(0, min(offsets.upperBound, count)))
        }
        let description = descriptionNode.flatMap { reader.text($0, in: "`description`") }
        return Stage(id: id, title: title, description: description, needEntries: needEntries, when: when,
                     assign: assign, sla: sla, outcomes: outcomes, notify: notify)
    }

    // MARK: SLAs, notifications, rules, templates

    mutating func decodeSLAs(_ node: YAMLNode) {
        for (id, body) in definitions(node, section: "slas", kind: "SLA") {
            var context: String { "SLA `\(id.value)`" }  // for messages only: built when one is needed
            guard let keys = reader.mapping(body, in: context, allowed: Keys.sla, required: ["target"]) else { continue }
            let start = keys.value("start").flatMap { reader.expression($0, in: "the `start` of \(context)") }
            let stop = keys.value("stop").flatMap { reader.expression($0, in: "the `stop` of \(context)") }
            let pause = keys.value("pause_when").flatMap { reader.expression($0, in: "the `pause_when` of \(context)") }
            let targetNode = keys.value("target")!
            let target: Selectable<Located<DurationValue>>?
            if targetNode.pairs != nil {
                target = byTable(targetNode, in: "the target of \(context)") { reader, node in reader.duration(node, in: "a target") }.map { .table($0) }
            } else {
                target = reader.duration(targetNode, in: "the target of \(context)").map { .fixed($0) }
            }
            var calendar: Selectable<Located<String>>?
            if let calendarNode = keys.value("calendar") {
                if calendarNode.pairs != nil {
                    calendar = byTable(calendarNode, in: "the calendar of \(context)") { reader, node in reader.identifier(node, kind: "calendar") }.map { .table($0) }
                } else {
                    calendar = reader.identifier(calendarNode, kind: "calendar").map { .fixed($0) }
                }
            }
            let warn = keys.value("warn").map { warnings($0, in: context) } ?? []
            let onWarning = keys.value("on_warning").map { actions($0, in: "the `on_warning` of \(context)") } ?? []
            let onBreach = keys.value("on_breach").map { actions($0, in: "the `on_breach` of \(context)") } ?? []
            let onMet = keys.value("on_met").map { actions($0, in: "the `on_met` of \(context)") } ?? []
            guard let target else { continue }
            workflow.slas.append(SLA(id: id, start: start, stop: stop, pauseWhen: pause, target: target, calendar: calendar,
                                     warn: warn, onWarning: onWarning, onBreach: onBreach, onMet: onMet, span: id.span))
        }
    }

    mutating func warnings(_ node: YAMLNode, in context: @autoclosure () -> String) -> [Located<SLA.Warning>] {
        var result: [Located<SLA.Warning>] = []
        for item in reader.list(node, in: "the `warn` of \(context())", allowSingle: true) {
            guard let text = reader.locatedText(item, in: "a warning") else { continue }
            let value = text.value.trimmingSpaces()
            if value.hasSuffix("%"), let percent = Double(value.dropLast()), percent.isFinite {
                result.append(Located(.fraction(percent / 100), span: text.span))
            } else if value.hasSuffix(" before") {
                let durationText = String(value.dropLast(" before".count)).trimmingSpaces()
                switch DurationValue.parse(durationText) {
                case .success(let duration): result.append(Located(.before(duration), span: text.span))
                case .failure(let error):
                    reader.bag.error("invalid-value", "warning \"\(value)\": \(error.message)", at: text.span)
                }
            } else {
                reader.bag.error("invalid-value", "\"\(value)\" is not a warning threshold", at: text.span,
                                 hint: "write a share of the target like `75%`, or a time before the breach like `30m before`")
            }
        }
        return result
    }

    mutating func decodeNotifications(_ node: YAMLNode) {
        for item in reader.list(node, in: "`notifications`") {
            guard let keys = reader.mapping(item, in: "a notification rule", allowed: Keys.notification, required: ["name", "to", "template"]),
                  let name = reader.identifier(keys.value("name")!, kind: "notification rule") else { continue }
            var context: String { "notification rule `\(name.value)`" }  // for messages only: built when one is needed
            let on = keys.value("on").map { events($0, in: context) } ?? []
            let when = keys.value("when").flatMap { reader.expression($0, in: "the `when` of \(context)") }
            let every = keys.value("every").flatMap { reader.duration($0, in: "the `every` of \(context)") }
            let whileCondition = keys.value("while").flatMap { reader.expression($0, in: "the `while` of \(context)") }
            if !keys.contains("on"), !keys.contains("every") {
                reader.bag.error("missing-key", "\(context) needs `on` (an event) or `every` (a period)", at: reader.keySpan(of: item),
                                 hint: "e.g. `on: stage.acknowledge.done`, or `every: 4h` with `while: …`")
            }
            if keys.contains("on"), keys.contains("every") {
                reader.bag.error("invalid-value", "\(context) has both `on` and `every`", at: keys["every"]!.key.span(in: reader.source),
                                 hint: "split it into two rules: one on the event, one periodic")
            }
            if keys.contains("while"), !keys.contains("every") {
                reader.bag.error("missing-key", "`while` only applies to periodic notifications: \(context) needs `every`", at: keys["while"]!.key.span(in: reader.source),
                                 hint: "add `every: <period>`, or use `when` for a one-off condition")
            }
            guard let spec = notifyFields(keys, in: context) else { continue }
            workflow.notifications.append(NotificationRule(name: name, on: on, when: when, every: every, whileCondition: whileCondition,
                                                           notify: spec, span: item.span(in: reader.source)))
        }
    }

    mutating func decodeRules(_ node: YAMLNode) {
        for item in reader.list(node, in: "`rules`") {
            guard let keys = reader.mapping(item, in: "a rule", allowed: Keys.rule, required: ["name", "on", "do"]),
                  let name = reader.identifier(keys.value("name")!, kind: "rule") else { continue }
            var context: String { "rule `\(name.value)`" }  // for messages only: built when one is needed
            let on = events(keys.value("on")!, in: context)
            let when = keys.value("when").flatMap { reader.expression($0, in: "the `when` of \(context)") }
            let actions = actions(keys.value("do")!, in: "the `do` of \(context)")
            workflow.rules.append(Rule(name: name, on: on, when: when, actions: actions, span: item.span(in: reader.source)))
        }
    }

    mutating func decodeTemplates(_ node: YAMLNode) {
        for (id, body) in definitions(node, section: "templates", kind: "template") {
            if body.scalar != nil {
                if let text = reader.expression(body, in: "template `\(id.value)`") {
                    workflow.templates.append(Template(id: id, subject: nil, body: text, span: id.span))
                }
                continue
            }
            guard let keys = reader.mapping(body, in: "template `\(id.value)`", allowed: Keys.template, required: ["body"]),
                  let text = reader.expression(keys.value("body")!, in: "the body of template `\(id.value)`") else { continue }
            let subject = keys.value("subject").flatMap { reader.expression($0, in: "the subject of template `\(id.value)`") }
            workflow.templates.append(Template(id: id, subject: subject, body: text, span: id.span))
        }
    }

    // MARK: Shared pieces

    mutating func events(_ node: YAMLNode, in context: @autoclosure () -> String) -> [Located<EventPattern>] {
        var result: [Located<EventPattern>] = []
        for item in reader.list(node, in: "the `on` of \(context())", allowSingle: true) {
            guard let text = reader.locatedText(item, in: "an event") else { continue }
            if let event = ReferenceSyntax.event(text.value) {
                result.append(Located(event, span: text.span))
            } else {
                reader.bag.error("invalid-value", "`\(text.value)` is not an event", at: text.span,
                                 notes: [Diagnostic.Note("events: \(ReferenceSyntax.eventForms)")])
            }
        }
        return result
    }

    mutating func notifySpec(_ node: YAMLNode, in context: @autoclosure () -> String) -> NotifySpec? {
        guard let keys = reader.mapping(node, in: context(), allowed: Keys.notify, required: ["to", "template"]) else { return nil }
        return notifyFields(keys, in: context())
    }

    mutating func notifyFields(_ keys: KeyedPairs, in context: @autoclosure () -> String) -> NotifySpec? {
        var recipients: [Located<Recipient>] = []
        if let toNode = keys.value("to") {
            for item in reader.list(toNode, in: "the recipients of \(context())", allowSingle: true) {
                guard let text = reader.locatedText(item, in: "a recipient") else { continue }
                if let recipient = ReferenceSyntax.recipient(text.value) {
                    recipients.append(Located(recipient, span: text.span))
                } else {
                    reader.bag.error("invalid-value", "unknown recipient `\(text.value)`", at: text.span,
                                     hint: "write `team.<id>`, `role.<id>`, `customer`, `assignee` or `owner`")
                }
            }
        }
        var channel = Channel.email
        if let node = keys.value("channel"), let text = reader.locatedText(node, in: "`channel`") {
            if let value = Channel(rawValue: text.value) {
                channel = value
            } else {
                let names = Channel.allCases.map(\.rawValue)
                reader.bag.error("invalid-value", "unknown channel `\(text.value)`", at: text.span,
                                 notes: [Diagnostic.Note("channels: \(names.joined(separator: ", "))")],
                                 hint: Suggestions.closest(to: text.value, in: names).map { "did you mean `\($0)`?" })
            }
        }
        guard let templateNode = keys.value("template"), let template = reader.identifier(templateNode, kind: "template") else { return nil }
        return NotifySpec(to: recipients, template: template, channel: channel)
    }

    mutating func actions(_ node: YAMLNode, in context: @autoclosure () -> String) -> [LocatedAction] {
        var result: [LocatedAction] = []
        for item in reader.list(node, in: context()) {
            guard let pairs = item.pairs else {
                reader.wrongType(item, expected: "an action such as `escalate: next`", in: "each item of \(context())")
                continue
            }
            guard pairs.count == 1, let pair = pairs.first, let name = pair.key.text else {
                reader.bag.error("invalid-value", "each action is a mapping with one key", at: item.span(in: reader.source),
                                 hint: "write one `- action: …` item per action")
                continue
            }
            guard Keys.actions.contains(name) else {
                reader.unknownKey(name, at: pair.key.span(in: reader.source), in: "an action", allowed: Keys.actions)
                continue
            }
            if let action = action(name, pair.value, in: context()) { result.append(LocatedAction(action, span: item.span(in: reader.source))) }
        }
        return result
    }

    mutating func action(_ name: String, _ node: YAMLNode, in context: @autoclosure () -> String) -> Action? {
        switch name {
        case "set":
            guard let pairs = node.pairs else {
                reader.wrongType(node, expected: "a mapping of fields to values", in: "`set`")
                return nil
            }
            var assignments: [(field: Located<String>, value: SourceExpression)] = []
            for pair in pairs {
                guard let field = reader.locatedText(pair.key, in: "a field name") else { continue }
                // `field: null` (or nothing) clears the field.
                let value = pair.value.isNull ? SourceExpression(text: "null", node: pair.value, in: reader.source)
                    : reader.expression(pair.value, in: "the value of `\(field.value)`")
                guard let value else { continue }
                assignments.append((field, value))
            }
            return .set(assignments)
        case "escalate":
            guard let text = reader.locatedText(node, in: "`escalate`") else { return nil }
            if text.value == "next" { return .escalate(.next) }
            reader.checkIdentifier(text, kind: "level")
            return .escalate(.level(text))
        case "notify":
            return notifySpec(node, in: "`notify`").map { .notify($0) }
        case "reopen", "skip":
            guard let stage = reader.identifier(node, kind: "stage") else { return nil }
            return name == "reopen" ? .reopen(stage) : .skip(stage)
        case "assign":
            guard let keys = reader.mapping(node, in: "`assign`", allowed: Keys.assignAction, required: ["stage", "to"]),
                  let stage = reader.identifier(keys.value("stage")!, kind: "stage"),
                  let text = reader.locatedText(keys.value("to")!, in: "the `to` of `assign`") else { return nil }
            guard let target = ReferenceSyntax.assignTarget(text.value, allowPerson: true) else {
                reader.bag.error("invalid-value", "unknown assignee `\(text.value)`", at: text.span,
                                 hint: "write a person, `routing`, `team.<id>`, `role.<id>` or `stage.<id>.assignee`")
                return nil
            }
            return .assign(stage: stage, to: Located(target, span: text.span))
        default:
            guard let value = reader.bool(node, in: "`close`") else { return nil }
            if !value {
                reader.bag.error("invalid-value", "`close: false` does nothing", at: node.span(in: reader.source), hint: "write `close: true` or remove the action")
                return nil
            }
            return .close
        }
    }

    /// `{ by: <expression>, <value>: <result>, ..., default: <result> }`.
    mutating func byTable<Result: Sendable>(
        _ node: YAMLNode, in context: @autoclosure () -> String, result: (inout NodeReader, YAMLNode) -> Result?
    ) -> ByTable<Result>? {
        guard let pairs = node.pairs else {
            reader.wrongType(node, expected: "a `by` table", in: context())
            return nil
        }
        guard let byPair = pairs.first(where: { $0.key.text == "by" }) else {
            reader.bag.error("missing-key", "\(context()) is a table but has no `by`", at: reader.keySpan(of: node),
                             hint: "add `by: case.<enum field>` to say which value selects the entry")
            return nil
        }
        guard let by = reader.expression(byPair.value, in: "the `by` of \(context())") else { return nil }
        var entries: [ByTable<Result>.Entry] = []
        var defaultResult: Result?
        for pair in pairs where pair.key.text != "by" {
            guard let key = reader.locatedText(pair.key, in: "a table key") else { continue }
            guard let value = result(&reader, pair.value) else { continue }
            if key.value == "default" {
                defaultResult = value
            } else {
                entries.append(ByTable.Entry(key: key, result: value))
            }
        }
        return ByTable(by: by, entries: entries, defaultResult: defaultResult, span: node.span(in: reader.source))
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Nearly always nothing to trim: check the end bytes before walking characters.
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        if let first = utf8.first, let last = utf8.last, !isBlank(first), !isBlank(last) { return self }
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
