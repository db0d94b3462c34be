import LadderExpressions
import LadderTime
import Testing

/// The packed node storage behind ``Expression``: every node kind reads back as parsed, and
/// equality is that of the trees, whatever storage holds them.
@Suite struct TreeStorage {
    private func root(_ text: String) throws -> Expression {
        try #require(ExpressionCompiler.parse(text).0).root
    }

    @Test func literalsReadBackAsWritten() throws {
        let cases: [(String, Literal)] = [
            ("null", .null), ("true", .bool(true)), ("false", .bool(false)),
            ("9223372036854775807", .int(.max)), ("0", .int(0)), ("4294967296", .int(1 << 32)),
            ("1.5", .number(1.5)), ("0.1", .number(0.1)),
            (#""plain""#, .string("plain")), (#"'single'"#, .string("single")), (#""""#, .string("")),
            (#""a \"quoted\" one\n""#, .string("a \"quoted\" one\n")),
            (#""a longer text than fifteen bytes""#, .string("a longer text than fifteen bytes")),
            ("1h30m", .duration(DurationValue(seconds: 5_400))), ("2d", .duration(DurationValue(days: 2))),
        ]
        for (text, literal) in cases {
            #expect(try root(text).kind == .literal(literal), "\(text)")
        }
    }

    @Test func operatorsPathsCallsAndListsReadBack() throws {
        #expect(shape(#"not (a.b.c == -x) or [1, 2] + [] != size(y) and lower(z) matches "^q""#)
            == #"(or (not (== a.b.c (- x))) (and (!= (+ [1 2] []) (size y)) (matches (lower z) /^q/)))"#)
        for op in BinaryOperator.allCases where op != .or && op != .and {
            #expect(shape("a \(op.rawValue) b") == "(\(op.rawValue) a b)")
        }
        #expect(shape("[a + b, c, [1], [[2, 3]], -d]") == "[(+ a b) c [1] [[2 3]] (- d)]")
        #expect(shape("f(a + 1, b, g(c), [d])") == "(f (+ a 1) b (g c) [d])")
        let call = try root("frobnicate(1, x.y)")
        guard case .call(let found) = call.kind else { Issue.record("not a call"); return }
        #expect(found.name == "frobnicate" && found.function == nil && found.nameRange == 0..<10)
        #expect(found.arguments.count == 2 && found.arguments[1].range == 14..<17)
        guard case .path(let path) = found.arguments[1].kind else { Issue.record("not a path"); return }
        #expect(path.segments == ["x", "y"] && path.dotted == "x.y" && path.reference == nil)
    }

    @Test func equalityIsThatOfTheTrees() throws {
        #expect(try root("a == [1, 'x']") == root("a == [1, 'x']"))
        #expect(try root("a == [1, 'x']").hashValue == root("a == [1, 'x']").hashValue)
        #expect(try root("a == [1, 'x']") != root("a == [1, 'y']"))
        #expect(try root("a == b") != root("a == c"))
        #expect(try root("a == b") != root("a  == b"))
        let checked = try compile(#"case.priority in ["P1"]"#).checked
        #expect(try checked.root != root(#"case.priority in ["P1"]"#), "types and references are part of a node")
        #expect(checked.text == #"case.priority in ["P1"]"#)
    }

    @Test func checkedPathsCarryTheirReferences() throws {
        let checked = try compile("case.customer.arr > 1 and case.priority == 'P1'").checked
        var references: [PathReference] = []
        checked.root.forEachNode { node in
            if case .path(let path) = node.kind, let reference = path.reference { references.append(reference) }
        }
        #expect(references == checked.paths)
        #expect(references == [schema.entries["case.customer.arr"]!.reference, schema.entries["case.priority"]!.reference])
    }
}
