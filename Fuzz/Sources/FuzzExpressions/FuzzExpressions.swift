import LadderExpressions

/// The expression parser, type checker, compiler and evaluator on arbitrary text.
struct Scope: ExpressionScope {
    static let table: PathTable = {
        var table = PathTable()
        table.add("case.priority", .enumeration(name: "case.priority", values: ["P1", "P2", "P3"]))
        table.add("case.title", .string)
        table.add("case.arr", .number)
        table.add("case.count", .int)
        table.add("case.threats", .list(.enumeration(name: "case.threats", values: ["legal", "cancellation"])))
        table.add("case.opened_at", .time)
        table.add("sla.x.elapsed", .duration)
        table.add("now", .time)
        return table
    }()

    func resolve(_ segments: [String]) -> PathResolution { Scope.table.resolve(segments) }
}

struct Context: EvaluationContext {
    let values: [Value] = [
        .string("P1"), .string(String(repeating: "ab", count: 50)), .number(1e300), .int(Int64.max),
        .list([.string("legal")]), .time(1_800_000_000), .duration(3600), .time(1_800_003_600),
    ]
    func value(of reference: PathReference) -> Value {
        values.indices.contains(Int(reference.index)) ? values[Int(reference.index)] : .null
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for expected in [nil, ExprType.bool] {
        let (compiled, diagnostics) = CompiledExpression.make(text: text, scope: Scope(), expected: expected)
        // `make` checks while parsing; it must agree with parsing, then checking the tree.
        let (parsed, syntaxErrors) = ExpressionCompiler.parse(text)
        if let parsed {
            let (checked, checkDiagnostics) = ExpressionCompiler.check(parsed, scope: Scope(), expected: expected)
            precondition(checkDiagnostics == diagnostics, "checking while parsing reported otherwise")
            precondition(checked?.root == compiled?.checked.root && checked?.paths == compiled?.checked.paths, "checking while parsing built another tree")
        } else {
            precondition(syntaxErrors == diagnostics && compiled == nil, "checking while parsing reported another syntax error")
        }
        for diagnostic in diagnostics {
            precondition(diagnostic.range.lowerBound >= 0 && diagnostic.range.upperBound <= text.utf8.count)
        }
        if let compiled {
            let value = compiled.evaluate(Context())
            let (explained, _) = compiled.evaluateExplained(Context())
            precondition(value == explained, "explain mode disagrees with evaluation")
        }
    }
    return 0
}
