import LadderExpressions
import LadderTestSupport
import Testing


/// Builds random expressions of a requested type over the test schema.
struct ExpressionGenerator {
    var random: SplitMix64

    mutating func pick<T>(_ options: [T]) -> T { options.randomElement(using: &random)! }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func bool(_ depth: Int) -> String {
        if depth <= 0 {
            return pick(["case.affects_others", "stage.resolve.done", "calendar.emea_office.open", "true", "false"])
        }
        let d = depth - 1
        switch Int.random(in: 0..<16, using: &random) {
        case 0: return "not \(bool(d))"
        case 1: return "(\(bool(d)) and \(bool(d)))"
        case 2: return "(\(bool(d)) or \(bool(d)))"
        case 3: return "\(int(d)) \(pick(["==", "!=", "<", "<=", ">", ">="])) \(int(d))"
        case 4: return "\(number(d)) \(pick(["==", "<", ">="])) \(int(d))"
        case 5: return "\(duration(d)) \(pick(["==", "!=", "<", ">"])) \(duration(d))"
        case 6: return "\(time(d)) \(pick(["<", ">=", "=="])) \(time(d))"
        case 7: return "\(string(d)) \(pick(["==", "!=", "<", ">"])) \(string(d))"
        case 8: return "case.priority \(pick(["==", "!="])) \(pick(["'P1'", "'P2'", "case.priority"]))"
        case 9:
            let lists = ["['P1', 'P3']", "['P4','P3','P2','P3','P4','P3','P2','P1','P2']", "[]", "[case.title, 'P2']"]
            if chance(50) { return "case.priority in \(pick(lists))" }
            return "\(pick(["case.title", "'P3'", "null"])) in \(pick(lists + ["['a','b','c','d','e','f','g','h','x','']"]))"
        case 10: return "\(pick(["'legal'", "'cancellation'"])) in case.threats"
        case 11: return "has(\(pick(["case.title", "case.level", "now", "case.threats"])))"
        case 12: return "\(pick(["contains", "starts_with", "ends_with"]))(\(string(d)), \(string(d)))"
        case 13: return "\(string(d)) matches \(pick(["'^P'", "'(a*)*b'", "'(?i)gold'", "'[0-9]+$'", "''"]))"
        case 14: return "contains(\(pick(["case.tags", "case.threats"])), \(pick(["'legal'", "case.title"])))"
        default: return "\(pick(["case.title", "case.level", "sla.resolution.remaining"])) \(pick(["==", "!="])) null"
        }
    }

    mutating func int(_ depth: Int) -> String {
        if depth <= 0 || chance(40) {
            return pick(["case.level", "0", "1", "7", "9223372036854775807", "(-9223372036854775807 - 1)", "size(case.tags)", "size(case.title)"])
        }
        return "(\(int(depth - 1)) \(pick(["+", "-", "*", "/"])) \(int(depth - 1)))"
    }

    mutating func number(_ depth: Int) -> String {
        if depth <= 0 || chance(40) { return pick(["case.customer.arr", "0.5", "1000.25", "0.0"]) }
        return "(\(number(depth - 1)) \(pick(["+", "-", "*", "/"])) \(pick([int(depth - 1), number(depth - 1)])))"
    }

    mutating func string(_ depth: Int) -> String {
        if depth <= 0 || chance(40) { return pick(["case.title", "case.product", "case.customer.email", "'gold'", "''", "'P1'"]) }
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return "(\(string(depth - 1)) + \(string(depth - 1)))"
        case 1: return "lower(\(string(depth - 1)))"
        default: return "upper(\(string(depth - 1)))"
        }
    }

    mutating func duration(_ depth: Int) -> String {
        if depth <= 0 || chance(30) {
            return pick(["sla.resolution.remaining", "sla.resolution.elapsed", "30m", "1h30m", "0s", "5200w"])
        }
        let d = depth - 1
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return "(\(duration(d)) \(pick(["+", "-"])) \(duration(d)))"
        case 1: return "(\(duration(d)) * \(pick([int(d), number(d)])))"
        case 2: return "(\(duration(d)) / \(pick([int(d), number(d)])))"
        case 3: return "(\(time(d)) - \(time(d)))"
        case 4: return "-\(duration(d))"
        default: return "(\(int(d)) * \(duration(d)))"
        }
    }

    mutating func time(_ depth: Int) -> String {
        if depth <= 0 || chance(40) { return pick(["now", "case.opened_at"]) }
        return "(\(time(depth - 1)) \(pick(["+", "-"])) \(duration(depth - 1)))"
    }

    /// Any value of the path's type or null; now and then one of a wrong type.
    mutating func context() -> Case {
        var values: [String: Value] = [:]
        for (path, entry) in schema.entries {
            if chance(15) { continue }
            values[path] = chance(5) ? pick(Self.oddValues) : value(of: entry.type)
        }
        return Case(values)
    }

    static let oddValues: [Value] = [.bool(true), .int(3), .number(-0.5), .string("P1"), .duration(60), .time(0), .list([.null])]

    mutating func value(of type: ExprType) -> Value {
        switch type {
        case .bool: .bool(chance(50))
        case .int: .int(pick([0, 1, -1, 7, .max, .min, 1 << 40]))
        case .number: .number(pick([0, 0.5, -2.25, 100_000, 1e300, -1e300]))
        case .string: .string(pick(["", "P1", "gold", "Database DOWN", "aaab", "x"]))
        case .duration: .duration(pick([0, 60, 1800, -900, .max, .min]))
        case .time: .time(pick([0, friday, -1, .max, .min]))
        case .enumeration(_, let values): .string(pick(values))
        case .list(let element): .list((0..<Int.random(in: 0..<4, using: &random)).map { _ in value(of: element) })
        case .null: .null
        }
    }
}

@Suite struct Robustness {
    /// Fragments that make the parser and checker work: valid tokens, near misses, openers without closers.
    static let soup = [
        "case.priority", "case.customer.tier", "case.threats", "now", "case.level", "sla.resolution.remaining",
        "stage.investigate.outcome", "x", "case.", ".", "and", "or", "not", "in", "matches", "==", "!=", "<", "<=",
        ">", ">=", "+", "-", "*", "/", "(", ")", "[", "]", ",", "\"P1\"", "'emae'", "\"", "'", "\\", "42",
        "1.5", "9223372036854775808", "1h30m", "2x", "1.5h", "true", "false", "null", "has(", "size(", "contains(",
        "lower(", "sise(", "&&", "||", "!", "=", "é", "\"(a*)*b\"", "\"[\"", "\"a{1000}{1000}\"", " ", "\n", "\t",
    ]

    @Test func randomTokenSoupsNeverCrashTheParserOrChecker() {
        var random = SplitMix64(seed: 0x5EED)
        var compiled = 0
        for _ in 0..<4_000 {
            let count = Int.random(in: 0..<24, using: &random)
            let text = (0..<count).map { _ in Self.soup.randomElement(using: &random)! }
                .joined(separator: Bool.random(using: &random) ? " " : "")
            compiled += checkTotal(text, random: &random) ? 1 : 0
        }
        #expect(compiled > 0)
    }

    @Test func randomBytesNeverCrashTheParserOrChecker() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("abcinotrdmsuhw_.()[],'\"\\=<>!&|+-*/0123456789 \u{0}\u{7F}é€😀".unicodeScalars)
        for _ in 0..<4_000 {
            let count = Int.random(in: 0..<40, using: &random)
            var text = ""
            for _ in 0..<count {
                if Int.random(in: 0..<4, using: &random) == 0 {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...127, using: &random)))
                } else {
                    text.unicodeScalars.append(alphabet.randomElement(using: &random)!)
                }
            }
            _ = checkTotal(text, random: &random)
        }
    }

    /// Parses and checks `text`; if it compiles, evaluates it. Returns whether it compiled.
    func checkTotal(_ text: String, random: inout SplitMix64) -> Bool {
        let expected: ExprType? = Bool.random(using: &random) ? .bool : nil
        let (compiled, diagnostics) = CompiledExpression.make(text: text, scope: schema, expected: expected)
        let length = text.utf8.count
        for diagnostic in diagnostics {
            #expect(diagnostic.range.lowerBound >= 0 && diagnostic.range.upperBound <= length, "\(text): \(diagnostic)")
            #expect(!diagnostic.message.isEmpty)
        }
        #expect((compiled == nil) == diagnostics.contains { $0.severity == .error }, "\(text)")
        guard let compiled else { return false }
        var generator = ExpressionGenerator(random: random)
        let context = generator.context()
        #expect(compiled.evaluate(context) == compiled.evaluateExplained(context).value, "\(text)")
        return true
    }

    @Test func compiledClosuresAgreeWithTheExplainingInterpreter() throws {
        var generator = ExpressionGenerator(random: SplitMix64(seed: 2026))
        var checked = 0
        for _ in 0..<1_500 {
            let text = generator.bool(Int.random(in: 1...4, using: &generator.random))
            let compiled = try compile(text, expected: .bool)
            for _ in 0..<8 {
                let context = generator.context()
                let value = compiled.evaluate(context)
                let (explained, steps) = compiled.evaluateExplained(context)
                #expect(value == explained, "\(text) in \(context.values)")
                #expect(compiled.isTrue(context) == value.isTrue, "\(text)")
                #expect(steps.last?.value == value || steps.isEmpty)
                checked += 1
            }
        }
        #expect(checked == 12_000)
    }

    @Test func everyGeneratedTypeChecksAsItsType() throws {
        var generator = ExpressionGenerator(random: SplitMix64(seed: 7))
        for _ in 0..<300 {
            #expect(try compile(generator.int(3)).type == .int)
            #expect(try compile(generator.duration(3)).type == .duration)
            #expect(try compile(generator.time(3)).type == .time)
            #expect(try compile(generator.string(3)).type == .string)
            let number = try compile(generator.number(3)).type
            #expect(number == .number || number == .int)
        }
    }

    @Test func deepestAllowedExpressionsCompileAndEvaluate() throws {
        let nested = String(repeating: "(", count: 60) + "case.level + 1" + String(repeating: ")", count: 60) + " > 0"
        #expect(try evaluate(nested, Case(["case.level": .int(1)])) == .bool(true))
        let chain = Array(repeating: "case.affects_others", count: ExpressionLimits.maximumHeight).joined(separator: " or ")
        let compiled = try compile(chain)
        #expect(compiled.isTrue(Case(["case.affects_others": .bool(true)])))
        #expect(compiled.evaluateExplained(Case()).value == .bool(false))
        let nots = String(repeating: "not ", count: ExpressionLimits.maximumNesting) + "true"
        #expect(try evaluate(nots) == .bool(true))
    }
}
