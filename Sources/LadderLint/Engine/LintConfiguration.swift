import LadderDiagnostics
import LadderYAML

/// `.ladder-lint.yaml`: turn rules off or change their severity, for all files or per path.
///
/// ```yaml
/// rules:
///   unused-definition: off
/// overrides:
///   - paths: ["workflows/legacy/**"]
///     rules: { constant-condition: error }
/// ```
public struct LintConfiguration: Sendable {
    /// A rule's configured level.
    public enum Level: String, Sendable {
        case off, note, warning, error

        var severity: Severity? {
            switch self {
            case .off: nil
            case .note: .note
            case .warning: .warning
            case .error: .error
            }
        }
    }

    public struct Override: Sendable {
        public var paths: [String]
        public var rules: [String: Level]
    }

    public var rules: [String: Level] = [:]
    public var overrides: [Override] = []

    public init() {}

    public static let fileName = ".ladder-lint.yaml"

    /// Reads a configuration file, reporting unknown rule ids and levels as diagnostics.
    public static func load(_ source: SourceFile, knownRules: Set<String>) -> (LintConfiguration, [Diagnostic]) {
        var configuration = LintConfiguration()
        var diagnostics: [Diagnostic] = []
        let (root, yamlDiagnostics) = YAMLParser.parse(source)
        diagnostics += yamlDiagnostics
        guard let root, let pairs = root.pairs else {
            if let root { diagnostics.append(Diagnostic(id: "wrong-type", message: "a lint configuration is a mapping with `rules` and `overrides`", span: root.span(in: source))) }
            return (configuration, diagnostics)
        }
        func levels(_ node: YAMLNode) -> [String: Level] {
            var result: [String: Level] = [:]
            for pair in node.pairs ?? [] {
                guard let id = pair.key.text else { continue }
                guard knownRules.contains(id) else {
                    diagnostics.append(Diagnostic(id: "unknown-key", message: "unknown rule `\(id)`", span: pair.key.span(in: source),
                                                  hint: Suggestions.closest(to: id, in: knownRules).map { "did you mean `\($0)`?" }))
                    continue
                }
                guard let text = pair.value.text, let level = Level(rawValue: text) else {
                    diagnostics.append(Diagnostic(id: "invalid-value", message: "a rule's level is off, note, warning or error", span: pair.value.span(in: source)))
                    continue
                }
                result[id] = level
            }
            return result
        }
        for pair in pairs {
            switch pair.key.text {
            case "rules":
                configuration.rules = levels(pair.value)
            case "overrides":
                for item in pair.value.items ?? [] {
                    let paths = (item["paths"]?.items ?? item["paths"].map { [$0] } ?? []).compactMap(\.text)
                    configuration.overrides.append(Override(paths: paths, rules: item["rules"].map(levels) ?? [:]))
                }
            default:
                diagnostics.append(Diagnostic(id: "unknown-key", message: "unknown key `\(pair.key.text ?? "")` in the lint configuration",
                                              span: pair.key.span(in: source), hint: "use `rules` and `overrides`"))
            }
        }
        return (configuration, diagnostics)
    }

    /// The severity a diagnostic is reported at for `path`, or nil when its rule is off there.
    public func severity(of diagnostic: Diagnostic, path: String) -> Severity? {
        var level = rules[diagnostic.id]
        for override in overrides where override.paths.contains(where: { Glob.matches($0, path) }) {
            if let specific = override.rules[diagnostic.id] { level = specific }
        }
        guard let level else { return diagnostic.severity }
        return level.severity
    }
}

/// Path globs: `*` (within a path segment), `**` (any number of segments), `?`.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let normalizedPath = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return match(Array(pattern.utf8)[...], Array(normalizedPath.utf8)[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern
        var t = text
        while let c = p.first {
            if c == UInt8(ascii: "*") {
                let isDouble = p.dropFirst().first == UInt8(ascii: "*")
                var rest = p.dropFirst(isDouble ? 2 : 1)
                if isDouble, rest.first == UInt8(ascii: "/") { rest = rest.dropFirst() }
                var candidate = t
                while true {
                    if match(rest, candidate) { return true }
                    guard let next = candidate.first else { return false }
                    if !isDouble, next == UInt8(ascii: "/") { return false }
                    candidate = candidate.dropFirst()
                }
            }
            guard let tc = t.first else { return false }
            if c != UInt8(ascii: "?"), c != tc { return false }
            if c == UInt8(ascii: "?"), tc == UInt8(ascii: "/") { return false }
            p = p.dropFirst()
            t = t.dropFirst()
        }
        return t.isEmpty
    }
}
