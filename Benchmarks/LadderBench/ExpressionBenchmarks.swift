import Foundation
import LadderExpressions

/// Evaluation of a compiled condition over an array-backed context.
enum ExpressionBenchmarks {
    struct Context: EvaluationContext {
        var values: [Value]
        func value(of reference: PathReference) -> Value { values[Int(reference.index)] }
    }

    static func run() {
        let text = #"case.priority in ["P1","P2"] and case.customer.tier == "gold" and case.customer.arr > 100000"#
        var scope = PathTable()
        scope.add("case.priority", .enumeration(name: "case.priority", values: ["P1", "P2", "P3", "P4"]))
        scope.add("case.customer.tier", .enumeration(name: "case.customer.tier", values: ["standard", "gold", "platinum"]))
        scope.add("case.customer.arr", .number)
        let (compiled, problems) = CompiledExpression.make(text: text, scope: scope, expected: .bool)
        guard let compiled else {
            print("expression did not compile: \(problems)")
            return
        }
        let contexts = [
            Context(values: [.string("P1"), .string("gold"), .number(250_000)]),
            Context(values: [.string("P3"), .string("gold"), .number(250_000)]),
            Context(values: [.string("P2"), .string("standard"), .number(50_000)]),
            Context(values: [.string("P2"), .string("gold"), .number(50_000)]),
        ]
        let iterations = 4_000_000
        var trueCount = 0
        let seconds = Measure.fastest(repetitions: 3) {
            trueCount = 0
            for index in 0..<iterations where compiled.isTrue(contexts[index & 3]) { trueCount += 1 }
        }
        print("expression: \(text)")
        print(String(format: "  %.1f ns per evaluation (%d evaluations, %d true)", seconds / Double(iterations) * 1e9, iterations, trueCount))
    }

    /// Parses and checks (no code generation, as the linter does) a typical condition `times` times,
    /// for instruction counts under callgrind.
    static func compileLoop(times: Int) {
        let text = #"case.priority in ["P1", "P2"] and case.customer.tier == "gold" or case.customer.arr > 100000"#
        var scope = PathTable()
        scope.add("case.priority", .enumeration(name: "case.priority", values: ["P1", "P2", "P3", "P4"]))
        scope.add("case.customer.tier", .enumeration(name: "case.customer.tier", values: ["standard", "gold", "platinum"]))
        scope.add("case.customer.arr", .number)
        var count = 0
        for _ in 0..<times {
            if CompiledExpression.make(text: text, scope: scope, expected: .bool, generatingCode: false).0 != nil { count += 1 }
        }
        print("\(count) of \(times) compiled")
    }
}
