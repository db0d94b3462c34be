import LadderDiagnostics
import LadderLanguage

/// A routing rule that can never match because the rules before it catch all its cases.
public struct ShadowedRule: LintRule {
    public static let id = "shadowed-rule"
    public static let severity = Severity.warning
    public static let summary = "A routing rule is never reached: the rules before it catch every case it matches."
    public static let explanation = """
        Routing is first match wins, so a rule is dead when earlier rules catch all of its cases. Reported, at \
        the rule's `name`, with the first reason that applies:
        - an earlier rule has no `when`, or a constant-true one;
        - an earlier rule has the same condition, as written (spaces aside);
        - the case search of `unroutable-case` finds no case where the rule matches and every earlier rule \
        does not (enum and bool fields enumerated, other conditions tried true and false independently, which \
        over-approximates, so a rule reported this way is really dead).
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        fields:
          region: { enum: [emea, amer], required: true }
        teams:
          emea: { members: [anna] }
          amer: { members: [ben] }
          triage: { members: [carl] }
        routing:
          - { name: emea, when: case.region == "emea", to: team.emea }
          - { name: amer, when: case.region == "amer", to: team.amer }
          - { name: fallback, to: team.triage }
        stages:
          handle: { assign: routing }
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        fields:
          region: { enum: [emea, amer], required: true }
        teams:
          emea: { members: [anna] }
          amer: { members: [ben] }
        routing:
          - { name: emea, when: case.region == "emea", to: team.emea }
          - { name: amer, when: case.region == "amer", to: team.amer }
        stages:
          handle: { assign: routing }
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        let rules = context.workflow.routing
        let conditions = context.compiled.routingConditions
        let base = context.shared.pathsAtOpening(context.compiled)
        // Conditions compared as written, spaces aside (`normalizedText`), without making those
        // texts: by a hash of their bytes other than spaces, then byte by byte. Computed once per
        // rule, not once per pair of rules.
        let hashes = conditions?.map { $0.map { ShadowedRule.hashWithoutSpaces($0.text) } }
        /// The earlier rules by hash, first written first.
        var withHash: [Int: [Int]] = [:]
        func firstWithText(of index: Int) -> Int? {
            guard let hash = hashes?[index] ?? nil, let text = conditions?[index]?.text else { return nil }
            return withHash[hash]?.first { ShadowedRule.sameWithoutSpaces(conditions![$0]!.text, text) }
        }
        var firstCatchAll: Int?
        let programs = context.shared.routingPrograms(context.compiled)
        // No rule after this one (rules run in registry order on each thread) reads them: freed
        // when this check ends, not kept while the remaining rules run.
        context.shared.releaseRoutingPrograms()
        let memo = CaseSearch.Memo()
        // The conditions before the current rule and their case space, extended rule by rule
        // (the same as building them anew for each rule).
        var before: [ConditionProgram] = []
        var beforeSpace = CaseSpace(reading: [], compiled: context.compiled, limit: 10_000)
        func isCatchAll(_ index: Int) -> Bool { rules[index].when == nil || conditions?[index]?.isConstantTrue == true }
        for index in rules.indices.dropFirst() {
            let rule = rules[index]
            // Earlier rules' facts, added as `index` moves past them.
            let previous = index - 1
            if firstCatchAll == nil, isCatchAll(previous) { firstCatchAll = previous }
            if let hash = hashes?[previous] ?? nil { withHash[hash, default: []].append(previous) }
            if let condition = programs?[previous] ?? nil {
                before.append(condition)
                beforeSpace.read(paths: condition.paths, compiled: context.compiled, limit: 10_000)
            }
            if let catchAll = firstCatchAll {
                let how = rules[catchAll].when == nil ? "has no `when`" : "has a condition that is always true"
                context.report(
                    ShadowedRule.self, "routing rule `\(rule.name.value)` is never reached: `\(rules[catchAll].name.value)` before it \(how) and catches every case",
                    at: rule.name.span, notes: [Diagnostic.Note("`\(rules[catchAll].name.value)` is here", span: rules[catchAll].name.span)],
                    hint: "move the catch-all rule last, or remove this one")
                continue
            }
            guard let conditions else { continue }
            let condition = conditions[index]
            if let same = firstWithText(of: index) {
                context.report(
                    ShadowedRule.self, "routing rule `\(rule.name.value)` is never reached: `\(rules[same].name.value)` before it has the same condition",
                    at: rule.name.span, notes: [Diagnostic.Note("`\(rules[same].name.value)` is here", span: rules[same].name.span)],
                    hint: "merge the two rules, or remove this one")
                continue
            }
            let program = programs?[index] ?? nil
            var space = beforeSpace
            if let program { space.read(paths: program.paths, compiled: context.compiled, limit: 10_000) }
            let result = CaseSearch.find(allFalse: before, target: program, base: base, space: space, atoms: context.shared.atoms, memo: memo,
                                         witness: false)
            if result.provedNone {
                context.report(
                    ShadowedRule.self, "routing rule `\(rule.name.value)` is never reached: the rules before it catch every case\(condition == nil ? "" : " it matches")",
                    at: rule.name.span, hint: "reorder the rules (more specific first), or remove this one")
            }
        }
    }

    /// Whether a condition's byte is a space that `normalizedText` removes.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }

    /// FNV-1a of the text's bytes other than spaces: equal for texts equal without spaces.
    static func hashWithoutSpaces(_ text: String) -> Int {
        var text = text
        // Over the contiguous UTF-8 (in place for native strings), not through the view's iterator.
        return text.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes where !isSpace(byte) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return Int(truncatingIfNeeded: hash)
        }
    }

    /// Whether two texts are equal without spaces (`a.normalizedText == b.normalizedText`).
    static func sameWithoutSpaces(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            var x = left.next()
            while let byte = x, isSpace(byte) { x = left.next() }
            var y = right.next()
            while let byte = y, isSpace(byte) { y = right.next() }
            if x != y { return false }
            if x == nil { return true }
        }
    }
}
