import LadderDiagnostics
import LadderExpressions

/// Resolves the paths expressions may read (`case.*`, `stage.*`, `sla.*`, `calendar.*`, `now`)
/// against one workflow's schema, with "did you mean" hints for mistakes.
public struct WorkflowScope: ExpressionScope {
    let fieldSlots: [String: Int]
    let fieldTypes: [ExprType]
    let objectPrefixes: Set<String>
    let stageIndex: [String: Int]
    let stageOutcomes: [[String]]
    let slaIndex: [String: Int]
    let calendarIndex: [String: Int]
    let levelNames: [String]

    /// The scope of a workflow, from the name indices the analyser has built (first definition wins).
    init(fields: [Field], stages: [Stage], stageIndex: [String: Int], slaIndex: [String: Int],
         calendarIndex: [String: Int], levelNames: [String]) {
        var slots = [String: Int](minimumCapacity: fields.count)
        var types: [ExprType] = []
        var prefixes: Set<String> = []
        for (slot, field) in fields.enumerated() {
            slots[field.name.value] = slot
            types.append(WorkflowScope.exprType(field.type, name: "case.\(field.name.value)"))
            WorkflowScope.insertPrefixes(of: field.name.value, into: &prefixes)
        }
        fieldSlots = slots
        fieldTypes = types
        objectPrefixes = prefixes
        self.stageIndex = stageIndex
        stageOutcomes = stages.map { $0.outcomes.map(\.value) }
        self.slaIndex = slaIndex
        self.calendarIndex = calendarIndex
        self.levelNames = levelNames
    }

    /// Inserts the object paths above a dotted field name: `a.b.c` gives `a` and `a.b` (the
    /// parts split at dots, empty parts left out, then joined again).
    static func insertPrefixes(of name: String, into prefixes: inout Set<String>) {
        let bytes = name.utf8
        let dot = UInt8(ascii: ".")
        var previous = dot  // a dot first makes an empty part, as a doubled one does
        var hasDot = false
        for byte in bytes {
            if byte == dot {
                if previous == dot { return insertPrefixesOfSplitName(name, into: &prefixes) }
                hasDot = true
            }
            previous = byte
        }
        guard hasDot else { return }  // most names: one part, no prefix
        guard previous != dot else { return insertPrefixesOfSplitName(name, into: &prefixes) }
        // No empty part: the joined prefixes are the name up to each dot.
        for index in bytes.indices where bytes[index] == dot { prefixes.insert(String(name[..<index])) }
    }

    /// The same for any name, by splitting and joining.
    private static func insertPrefixesOfSplitName(_ name: String, into prefixes: inout Set<String>) {
        var parts = name.split(separator: ".").dropLast()
        while !parts.isEmpty {
            prefixes.insert(parts.joined(separator: "."))
            parts = parts.dropLast()
        }
    }

    /// The expression type of a field type.
    public static func exprType(_ type: FieldType, name: String) -> ExprType {
        switch type {
        case .string: .string
        case .int: .int
        case .number: .number
        case .bool: .bool
        case .duration: .duration
        case .time: .time
        case .enumeration(let values): .enumeration(name: name, values: values)
        case .list(let element): .list(exprType(element, name: name))
        }
    }

    static let stageStatusType = ExprType.enumeration(name: "stage status", values: StageStatus.allCases.map(\.rawValue))
    static let slaStateType = ExprType.enumeration(name: "SLA state", values: SLAState.allCases.map(\.rawValue))

    public func resolve(_ segments: [String]) -> PathResolution {
        guard let head = segments.first else { return .unknown(message: "empty path", hint: nil) }
        // The dotted path is only for messages: built when one is needed, not for every path.
        var dotted: String { segments.joined(separator: ".") }
        switch head {
        case "now":
            guard segments.count == 1 else { return .unknown(message: "`now` has no properties", hint: "use `now` alone") }
            return .resolved(PathReference(.now), .time)
        case "case":
            return resolveCase(segments)
        case "stage":
            return resolveStage(segments)
        case "sla":
            return resolveSLA(segments)
        case "calendar":
            guard segments.count == 3, segments[2] == "open" else {
                return .unknown(message: "unknown path `\(dotted)`", hint: "calendars have one property: `calendar.<id>.open`")
            }
            guard let index = calendarIndex[segments[1]] else {
                return .unknown(message: "unknown calendar `\(segments[1])` in `\(dotted)`", hint: didYouMean(segments[1], in: calendarIndex.keys.sorted()))
            }
            return .resolved(PathReference(.calendarOpen, index: index), .bool)
        default:
            let hint = Suggestions.closest(to: head, in: ["case", "stage", "sla", "calendar", "now"]).map { "did you mean `\($0)`?" }
                ?? "paths start with case., stage., sla., calendar. or are `now`; quote text: \"\(dotted)\""
            return .unknown(message: "unknown name `\(dotted)`", hint: hint)
        }
    }

    private func resolveCase(_ segments: [String]) -> PathResolution {
        var dotted: String { segments.joined(separator: ".") }
        let rest = segments.dropFirst()
        let name: String
        switch rest.count {
        case 1: name = rest[rest.startIndex]
        case 2: name = rest[rest.startIndex] + "." + rest[rest.startIndex + 1]  // `customer.tier`, without `joined`'s overhead
        default: name = rest.joined(separator: ".")
        }
        if let slot = fieldSlots[name] { return .resolved(PathReference(.field, index: slot), fieldTypes[slot]) }
        if rest.count == 1, let property = CaseProperty.named(name) {
            let type: ExprType
            switch property {
            case .id: type = .string
            case .openedAt: type = .time
            case .level: type = .enumeration(name: "case.level", values: levelNames)
            case .closed: type = .bool
            }
            return .resolved(PathReference(.caseBuiltin, property: property.rawValue), type)
        }
        if objectPrefixes.contains(name) {
            let members = fieldSlots.keys.filter { $0.hasPrefix(name + ".") }.sorted().map { "case.\($0)" }
            return .unknown(message: "`\(dotted)` is an object, not a value", hint: "use one of its fields: \(members.joined(separator: ", "))")
        }
        let candidates = fieldSlots.keys.sorted() + CaseProperty.allCases.map(\.name)
        return .unknown(message: "unknown field `\(dotted)`", hint: didYouMean(name, in: candidates, prefix: "case."))
    }

    private func resolveStage(_ segments: [String]) -> PathResolution {
        var dotted: String { segments.joined(separator: ".") }
        var properties: [String] { StageProperty.names }  // for messages only
        guard segments.count == 3 else {
            return .unknown(message: "unknown path `\(dotted)`", hint: "write `stage.<id>.<property>` with one of: \(properties.joined(separator: ", "))")
        }
        guard let index = stageIndex[segments[1]] else {
            return .unknown(message: "unknown stage `\(segments[1])` in `\(dotted)`", hint: didYouMean(segments[1], in: stageIndex.keys.sorted()))
        }
        guard let property = StageProperty.named(segments[2]) else {
            return .unknown(message: "stages have no property `\(segments[2])`",
                            hint: didYouMean(segments[2], in: properties) ?? "properties: \(properties.joined(separator: ", "))")
        }
        let type: ExprType
        switch property {
        case .status: type = WorkflowScope.stageStatusType
        case .done, .active, .skipped: type = .bool
        case .outcome: type = .enumeration(name: "stage.\(segments[1]).outcome", values: stageOutcomes[index])
        case .assignee: type = .string
        case .startedAt: type = .time
        }
        return .resolved(PathReference(.stage, index: index, property: property.rawValue), type)
    }

    private func resolveSLA(_ segments: [String]) -> PathResolution {
        var dotted: String { segments.joined(separator: ".") }
        var properties: [String] { SLAProperty.names }  // for messages only
        guard segments.count == 3 else {
            return .unknown(message: "unknown path `\(dotted)`", hint: "write `sla.<id>.<property>` with one of: \(properties.joined(separator: ", "))")
        }
        guard let index = slaIndex[segments[1]] else {
            return .unknown(message: "unknown SLA `\(segments[1])` in `\(dotted)`", hint: didYouMean(segments[1], in: slaIndex.keys.sorted()))
        }
        guard let property = SLAProperty.named(segments[2]) else {
            return .unknown(message: "SLA clocks have no property `\(segments[2])`",
                            hint: didYouMean(segments[2], in: properties) ?? "properties: \(properties.joined(separator: ", "))")
        }
        let type: ExprType
        switch property {
        case .state: type = WorkflowScope.slaStateType
        case .elapsed, .remaining: type = .duration
        case .breached: type = .bool
        }
        return .resolved(PathReference(.sla, index: index, property: property.rawValue), type)
    }

    private func didYouMean<S: Sequence>(_ word: String, in candidates: S, prefix: String = "") -> String? where S.Element == String {
        Suggestions.closest(to: word, in: candidates).map { "did you mean `\(prefix)\($0)`?" }
    }
}
