import LadderExpressions
import Testing

/// Prints the cost of a typical routing condition. Meaningful in a release build:
/// `swift test -c release --filter LadderExpressionsTests.Speed`.
@Suite struct Speed {
    /// A context like the engine's: values in an array, indexed by the reference.
    struct ArrayContext: EvaluationContext {
        var values: [Value]
        func value(of reference: PathReference) -> Value { values[Int(reference.index)] }
    }

    @Test func typicalRoutingConditionIsTimed() throws {
        let scope = PathTable([
            "case.priority": .enumeration(name: "case.priority", values: ["P1", "P2", "P3", "P4"]),
            "case.customer.tier": .enumeration(name: "case.customer.tier", values: ["standard", "gold", "platinum"]),
            "case.customer.arr": .number,
        ])
        let text = #"case.priority in ["P1","P2"] and case.customer.tier == "gold" and case.customer.arr > 100000"#
        let (compiled, diagnostics) = CompiledExpression.make(text: text, scope: scope, expected: .bool)
        let condition = try #require(compiled, "\(diagnostics)")
        let contexts = [
            ArrayContext(values: [.string("P1"), .string("gold"), .number(250_000)]),
            ArrayContext(values: [.string("P3"), .string("gold"), .number(250_000)]),
            ArrayContext(values: [.string("P2"), .string("standard"), .number(50_000)]),
            ArrayContext(values: [.string("P2"), .string("gold"), .null]),
        ]
        let iterations = 1_000_000
        var hits = 0
        let elapsed = ContinuousClock().measure {
            for i in 0..<iterations where condition.isTrue(contexts[i & 3]) { hits += 1 }
        }
        let nanoseconds = Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9
        print("\(text): \(Int(nanoseconds / Double(iterations))) ns per evaluation")
        #expect(hits == iterations / 4)
    }
}
